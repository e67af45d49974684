import ArgumentParser
import Foundation
import Scenario
import V2VSim

/// `v2vsim detector`: measure the misbehaviour detector.
struct DetectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detector", abstract: "Evaluate misbehaviour detection over seeds.",
        subcommands: [Eval.self])

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run attack scenarios over N seeds and print per-message and per-sender precision, recall and F1 per attack type.",
            discussion: """
                Without --scenario, every scenario in Scenarios/attacks with a VeReMi insider attack (types 1-19) and \
                Scenarios/attacks/mix-all.yaml. Seeds are the scenario's seed, +1, +2, ... Runs write no trace and \
                are spread over --jobs threads; the figures do not depend on the thread count.
                """)

        @Option(name: .customLong("scenario"), parsing: .singleValue, help: "Scenario file (repeatable).")
        var scenarios: [String] = []

        @Option(help: "Seeds per scenario.")
        var seeds = 10

        @Option(help: "Simulated duration of every run, e.g. 30s; overrides the scenarios'.")
        var duration: String?

        @Option(name: .customLong("set"), parsing: .singleValue, help: "Override a scenario field in every run: FIELD=VALUE.")
        var overrides: [String] = []

        @Option(help: "Runs at once (default: the number of cores).")
        var jobs: Int?

        @Option(help: "Also write the table as CSV to this file.")
        var csv: String?

        @Flag(name: .shortAndLong, help: "No progress line.")
        var quiet = false

        func validate() throws {
            guard (1...1000).contains(self.seeds) else { throw ValidationError("--seeds must be 1...1000, got \(self.seeds)") }
            if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be 1...256, got \(jobs)") }
        }

        func run() throws {
            let files = try self.scenarioFiles()
            var runs: [(file: String, scenario: Scenario)] = []
            for file in files {
                let base = try Self.load(file, overrides: self.overrides(seed: nil))
                for k in 0..<self.seeds {
                    runs.append((file, try Self.load(file, overrides: self.overrides(seed: base.seed &+ UInt64(k)))))
                }
            }
            let summaries = try self.runAll(runs.map(\.scenario))
            var evaluations: [DetectorEvaluation] = []
            for file in files {
                var evaluation = DetectorEvaluation(scenario: Self.label(file))
                for (index, run) in runs.enumerated() where run.file == file { evaluation.add(summaries[index]) }
                evaluations.append(evaluation)
            }
            let rows = evaluations.flatMap(\.reportedRows)
            print(DetectorEvaluationReport.table(rows, seeds: self.seeds))
            if let csv = self.csv {
                do {
                    try Data(DetectorEvaluationReport.csv(rows).utf8).write(to: URL(fileURLWithPath: csv + ".partial"))
                    try? FileManager.default.removeItem(atPath: csv)
                    try FileManager.default.moveItem(atPath: csv + ".partial", toPath: csv)
                } catch {
                    Terminal.error("error: cannot write \(csv): \(error.localizedDescription)")
                    throw ExitCode.failure
                }
                print(csv)
            }
        }

        private func overrides(seed: UInt64?) -> [String] {
            var all = self.overrides
            if let seed { all.append("seed=\(seed)") }
            if let duration { all.append("duration=\(duration)") }
            return all
        }

        private static func load(_ file: String, overrides: [String]) throws -> Scenario {
            do {
                return try ScenarioLoader.load(path: file, overrides: overrides)
            } catch {
                Terminal.error(error.description)
                throw ExitCode.validationFailure
            }
        }

        /// The scenario files given, or the shipped insider-attack scenarios.
        private func scenarioFiles() throws -> [String] {
            if !self.scenarios.isEmpty { return self.scenarios }
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

        private static func label(_ file: String) -> String {
            ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        }

        /// Runs every scenario without a trace on `jobs` threads; summaries in the order given.
        private func runAll(_ scenarios: [Scenario]) throws -> [RunSummary] {
            let results = RunResults(count: scenarios.count)
            let jobs = min(self.jobs ?? ProcessInfo.processInfo.activeProcessorCount, max(scenarios.count, 1))
            let showProgress = !self.quiet && Terminal.stderrIsTerminal
            DispatchQueue.concurrentPerform(iterations: jobs) { worker in
                var index = worker
                while index < scenarios.count {
                    let outcome = Result { try Simulation(scenario: scenarios[index]).run(recorder: nil) }
                    let done = results.store(outcome, at: index)
                    if showProgress { Terminal.status("detector eval: \(done) of \(scenarios.count) runs") }
                    index += jobs
                }
            }
            if showProgress { Terminal.clearStatus() }
            return try results.summaries()
        }
    }
}

/// Run outcomes filled in by worker threads, each slot written once.
private final class RunResults: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<RunSummary, any Error>?]
    private var done = 0

    init(count: Int) {
        self.outcomes = Array(repeating: nil, count: count)
    }

    /// Stores run `index`'s outcome; returns how many runs are done.
    func store(_ outcome: Result<RunSummary, any Error>, at index: Int) -> Int {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.outcomes[index] = outcome
        self.done += 1
        return self.done
    }

    func summaries() throws -> [RunSummary] {
        try self.outcomes.map { outcome in
            switch outcome {
            case .success(let summary)?: return summary
            case .failure(let error)?:
                Terminal.error("error: \(error)")
                throw ExitCode.failure
            case nil: throw ExitCode.failure
            }
        }
    }
}
