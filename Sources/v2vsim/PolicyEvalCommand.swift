import ArgumentParser
import Foundation
import Policy
import Scenario
import Sweep
import V2VCrypto
import V2VSim

extension PolicyCommand {
    /// `v2vsim policy eval`: a network against the expert on the same seeds.
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drive a scenario with a policy and with the expert on the same seeds, and compare how they drive.",
            discussion: """
                Every vehicle of the scenario is driven by --policy in one run and by the expert (IDM with MOBIL) in \
                another, for each of --seeds seeds from --first-seed (default: the scenario's seed + 1000, clear of \
                the seeds `policy train` uses for 50 rounds). Prints one row per seed and driver and the mean \
                with its 95 % confidence interval (Student's t): collisions, near misses (TTC below the scenario's \
                incidents.near_miss_ttc), the lowest TTC (capped at 10 s), hard brakes, mean speed, throughput at the road's end, lane changes, \
                mean |jerk| and shield overrides. Runs write no trace and are spread over --jobs threads; the \
                figures do not depend on the thread count.
                """)

        @Option(help: "Weights file (.safetensors) of the policy to evaluate.")
        var policy: String

        @Option(help: "Scenario file.")
        var scenario: String

        @Option(help: "Seeds (1 to 1000).")
        var seeds = 10

        @Option(help: "First seed (default: the scenario's seed + 1000).")
        var firstSeed: UInt64?

        @Option(help: "Simulated duration of every run, e.g. 30s; overrides the scenario's.")
        var duration: String?

        @Option(name: .customLong("set"), parsing: .singleValue, help: "Override a scenario field in every run: FIELD=VALUE.")
        var overrides: [String] = []

        @Option(help: "Runs at once (1 to 256; default: the number of cores).")
        var jobs: Int?

        @Option(help: "Also write the rows as CSV to this file.")
        var csv: String?

        @Flag(name: .shortAndLong, help: "No progress line.")
        var quiet = false

        func validate() throws {
            guard (1...1000).contains(self.seeds) else { throw ValidationError("--seeds: 1 to 1000, got \(self.seeds)") }
            if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs: 1 to 256, got \(jobs)") }
        }

        func run() throws {
            let policy: MLPPolicy
            let digest: Digest
            do {
                let (loaded, bytes) = try PolicyFile.loadWithBytes(path: self.policy)
                (policy, digest) = (loaded, SHA256.hash(bytes))
            } catch {
                Terminal.error("error: \(error.description)")
                throw ExitCode.validationFailure
            }
            let base = try self.load(seed: nil)
            let first = self.firstSeed ?? base.seed &+ 1000
            var tasks: [(scenario: Scenario, driver: PolicyEvaluation.Driver)] = []
            for k in 0..<self.seeds {
                let scenario = try self.load(seed: first &+ UInt64(k))
                for driver in PolicyEvaluation.Driver.allCases { tasks.append((scenario, driver)) }
            }
            let runs = try self.runAll(tasks, policy: policy, digest: digest)
            print("policy eval: \(self.policy) (sha256 \(digest.hex.prefix(16))…) against the expert on \(self.scenario), "
                + "seeds \(first)…\(first &+ UInt64(self.seeds - 1))")
            print(PolicyEvalReport.table(runs))
            if let csv = self.csv {
                do {
                    try Data(PolicyEvalReport.csv(runs).utf8).write(to: URL(fileURLWithPath: csv), options: .atomic)
                } catch {
                    Terminal.error("error: cannot write \(csv): \(error.localizedDescription)")
                    throw ExitCode.failure
                }
                print(csv)
            }
        }

        private func load(seed: UInt64?) throws -> Scenario {
            var all = self.overrides
            if let duration { all.append("duration=\(duration)") }
            do {
                return try ScenarioLoader.load(path: self.scenario, overrides: all, seed: seed)
            } catch {
                Terminal.error(error.description)
                throw ExitCode.validationFailure
            }
        }

        /// Every run on `jobs` threads; results in the order given.
        private func runAll(
            _ tasks: [(scenario: Scenario, driver: PolicyEvaluation.Driver)], policy: MLPPolicy, digest: Digest
        ) throws -> [PolicyEvaluation.Run] {
            let results = EvalResults(count: tasks.count)
            let jobs = min(self.jobs ?? ProcessInfo.processInfo.activeProcessorCount, tasks.count)
            let showProgress = !self.quiet && Terminal.stderrIsTerminal
            let name = self.policy
            DispatchQueue.concurrentPerform(iterations: jobs) { worker in
                var index = worker
                while index < tasks.count {
                    let outcome = Result {
                        try PolicyEvaluation.measure(tasks[index].scenario, driver: tasks[index].driver, policy: policy, digest: digest, name: name)
                    }
                    let done = results.store(outcome, at: index)
                    if showProgress { Terminal.status("policy eval: \(done) of \(tasks.count) runs") }
                    index += jobs
                }
            }
            if showProgress { Terminal.clearStatus() }
            return try results.runs()
        }
    }
}

/// Run outcomes filled in by worker threads, each slot written once.
private final class EvalResults: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<PolicyEvaluation.Run, any Error>?]
    private var done = 0

    init(count: Int) { self.outcomes = Array(repeating: nil, count: count) }

    func store(_ outcome: Result<PolicyEvaluation.Run, any Error>, at index: Int) -> Int {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.outcomes[index] = outcome
        self.done += 1
        return self.done
    }

    func runs() throws -> [PolicyEvaluation.Run] {
        try self.outcomes.map { outcome in
            switch outcome {
            case .success(let run)?: return run
            case .failure(let error)?:
                Terminal.error("error: \(error)")
                throw ExitCode.failure
            case nil: throw ExitCode.failure
            }
        }
    }
}

/// `policy eval`'s table and CSV.
enum PolicyEvalReport {
    /// `min_ttc_s` above this reads as this [s]: nothing closer matters for safety.
    static let ttcCap = 10.0

    /// The columns: name and value of a run's metrics.
    static let columns: [(name: String, value: @Sendable (DrivingMetrics) -> Double)] = [
        ("collisions", { Double($0.collisions) }),
        ("near_misses", { Double($0.nearMisses) }),
        // Capped so that a run where nothing closed in (infinity) still averages.
        ("min_ttc_s", { min($0.minimumTTC, PolicyEvalReport.ttcCap) }),
        ("hard_brakes", { Double($0.hardBrakes) }),
        ("mean_speed_kmh", { $0.meanSpeed * 3.6 }),
        ("throughput_veh_h", { $0.throughputPerHour }),
        ("lane_changes", { Double($0.laneChanges) }),
        ("mean_abs_jerk_mps3", { $0.meanAbsoluteJerk }),
        ("shield_overrides", { Double($0.shieldOverrides) }),
    ]

    /// A count as an integer, anything else with three decimals (the table).
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.3f", value)
    }

    /// A count as an integer, anything else in full (the CSV).
    static func csvText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : "\(value)"
    }

    /// Per driver, the mean and the 95 % interval's half-width of every column (nil for one seed).
    static func estimates(_ runs: [PolicyEvaluation.Run], driver: PolicyEvaluation.Driver) -> [IntervalEstimate] {
        let mine = runs.filter { $0.driver == driver }
        return Self.columns.map { column in IntervalEstimate(mine.map { column.value($0.metrics) })! }
    }

    static func table(_ runs: [PolicyEvaluation.Run]) -> String {
        let header = ["seed", "driver"] + Self.columns.map(\.name)
        var rows: [[String]] = runs.map { run in
            [String(run.seed), run.driver.rawValue] + Self.columns.map { Self.text($0.value(run.metrics)) }
        }
        for driver in PolicyEvaluation.Driver.allCases {
            rows.append(["mean ± 95 %", driver.rawValue] + Self.estimates(runs, driver: driver).map { e in
                String(format: "%.3f", e.mean) + (e.high.map { String(format: " ± %.3f", $0 - e.mean) } ?? "")
            })
        }
        let widths = header.indices.map { c in max(header[c].count, rows.map { $0[c].count }.max() ?? 0) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// One row per seed and driver, then per driver a `mean` row and a `ci95` row (half-width,
    /// empty for a single seed).
    static func csv(_ runs: [PolicyEvaluation.Run]) -> String {
        var text = (["seed", "driver"] + Self.columns.map(\.name)).joined(separator: ",") + "\n"
        for run in runs {
            text += ([String(run.seed), run.driver.rawValue] + Self.columns.map { Self.csvText($0.value(run.metrics)) }).joined(separator: ",") + "\n"
        }
        for driver in PolicyEvaluation.Driver.allCases {
            let estimates = Self.estimates(runs, driver: driver)
            text += (["mean", driver.rawValue] + estimates.map { "\($0.mean)" }).joined(separator: ",") + "\n"
            text += (["ci95", driver.rawValue] + estimates.map { e in e.high.map { "\($0 - e.mean)" } ?? "" }).joined(separator: ",") + "\n"
        }
        return text
    }
}
