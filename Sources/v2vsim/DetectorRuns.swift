import ArgumentParser
import Foundation
import Scenario
import V2VSim

/// What `detector eval` and `detector train` share: the scenario files, loading with located
/// errors, and running many scenarios on worker threads with results in the order given.
enum DetectorRuns {
    /// The scenario files given, or the shipped insider-attack scenarios: every scenario in
    /// Scenarios/attacks with a VeReMi insider attack (types 1-19), mix-all.yaml included.
    static func scenarioFiles(_ given: [String]) throws -> [String] {
        if !given.isEmpty { return given }
        let directory = "Scenarios/attacks"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            Terminal.error("error: \(directory) not found here; run from the repository or give --scenario FILE")
            throw ExitCode.validationFailure
        }
        var files: [String] = []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            let file = directory + "/" + name
            let scenario = try Self.load(file, overrides: [])
            if scenario.attackers.contains(where: { (1...19).contains($0.type.rawValue) }) { files.append(file) }
        }
        return files
    }

    /// The shipped scenarios without attackers (`detector eval --honest`): every `Scenarios/*.yaml`
    /// with no `attackers` entry, except the `bench-*` throughput scenarios (1000 and 10 000 cars),
    /// whose traffic is highway.yaml's at other lengths.
    static func honestScenarioFiles() throws -> [String] {
        let directory = "Scenarios"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            Terminal.error("error: \(directory) not found here; run from the repository or give --scenario FILE")
            throw ExitCode.validationFailure
        }
        var files: [String] = []
        for name in names.sorted() where name.hasSuffix(".yaml") && !name.hasPrefix("bench-") {
            let file = directory + "/" + name
            if try Self.load(file, overrides: []).attackers.isEmpty { files.append(file) }
        }
        return files
    }

    /// The scenario at `file` with `overrides`; a problem is printed located and exits 65.
    static func load(_ file: String, overrides: [String]) throws -> Scenario {
        do {
            return try ScenarioLoader.load(path: file, overrides: overrides)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.validationFailure
        }
    }

    /// The weights files `scenario` names (policies, detector); a problem is printed located and exits 65.
    static func models(for scenario: Scenario) throws -> LearnedPolicies {
        do {
            return try LearnedPolicies.load(for: scenario)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.validationFailure
        }
    }

    /// The scenario file's name without directory and extension.
    static func label(_ file: String) -> String {
        ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Runs `work` for every index in 0..<count on `jobs` threads; results in index order.
    static func runAll<Value>(
        count: Int, jobs: Int?, quiet: Bool, label: String, _ work: @escaping @Sendable (Int) throws -> Value
    ) throws -> [Value] {
        let results = RunResults<Value>(count: count)
        let jobs = min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, max(count, 1))
        let showProgress = !quiet && Terminal.stderrIsTerminal
        DispatchQueue.concurrentPerform(iterations: jobs) { worker in
            var index = worker
            while index < count {
                let done = results.store(Result { try work(index) }, at: index)
                if showProgress { Terminal.status("\(label): \(done) of \(count) runs") }
                index += jobs
            }
        }
        if showProgress { Terminal.clearStatus() }
        return try results.values()
    }

    /// Writes `bytes` to `path` through a `.partial` file, so that a failed write leaves no half file.
    static func write(_ bytes: [UInt8], to path: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path + ".partial"))
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(atPath: path + ".partial", toPath: path)
        } catch {
            Terminal.error("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}

/// Run outcomes filled in by worker threads, each slot written once under the lock, read after
/// every worker finished (so `@unchecked Sendable` is safe: no slot is shared unlocked).
private final class RunResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<Value, any Error>?]
    private var done = 0

    init(count: Int) {
        self.outcomes = Array(repeating: nil, count: count)
    }

    /// Stores run `index`'s outcome; returns how many runs are done.
    func store(_ outcome: Result<Value, any Error>, at index: Int) -> Int {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.outcomes[index] = outcome
        self.done += 1
        return self.done
    }

    func values() throws -> [Value] {
        try self.outcomes.map { outcome in
            switch outcome {
            case .success(let value)?: return value
            case .failure(let error)?:
                Terminal.error("error: \(error)")
                throw ExitCode.failure
            case nil: throw ExitCode.failure
            }
        }
    }
}
