import ArgumentParser
import Foundation
import V2VCrypto
import V2VSim

/// `v2vsim bench`: every figure of the benchmark suite, measured in one process, printed as JSON lines.
///
/// In order: raw libsodium sign and verify and our wrappers as ratios, the event kernel, traffic only
/// (beacons off) at 1000 and 10 000 vehicles, the full pipeline of `Scenarios/bench-1000.yaml` with its
/// libsodium floor and peak memory, the ledger alone and trace writing alone. BENCHMARKS.md explains
/// each figure and holds the results.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure crypto, kernel, traffic, full-pipeline, ledger and trace throughput; prints JSON lines.")

    /// The figures, by the names `--only` takes.
    enum Part: String, CaseIterable, ExpressibleByArgument {
        case crypto, kernel, traffic, pipeline, ledger, trace, policy
    }

    @Option(help: "Also write every figure into this file as one JSON object.")
    var json: String?

    @Flag(help: "A run of about a minute: 5 s simulated for the full pipeline, 10 s for traffic, fewer iterations.")
    var quick = false

    @Option(help: "Scenario of the full-pipeline figure.")
    var scenario = "Scenarios/bench-1000.yaml"

    @Option(help: "Simulated time of the full-pipeline figure, e.g. 20s (default: the scenario's; 5s with --quick).")
    var duration: String?

    @Option(name: .customLong("traffic-scenario"), help: "Scenario of a traffic-only figure, run with beacons off (repeatable; default bench-1000 and bench-10000).")
    var trafficScenarios: [String] = []

    @Option(help: "Simulated time of each traffic-only figure (default: the scenario's; 10s with --quick).")
    var trafficDuration: String?

    @Flag(help: "Traffic-only figures also write their FCD into a SQLite trace, as SUMO's --fcd-output.")
    var trafficFcd = false

    @Option(parsing: .upToNextOption, help: "Figures to measure (default: all): crypto kernel traffic pipeline ledger trace policy.")
    var only: [Part] = []

    @Option(help: "Crypto operations per measurement (default 20000; 5000 with --quick).")
    var iterations: Int?

    @Option(help: "Directory for the traces the benchmark writes (deleted afterwards, except the pipeline's).")
    var out = "out/bench"

    @Option(help: "Threads of the full-pipeline figure: signature checks on N-1 workers, receptions decided in chunks on N threads (default: the number of cores). Results do not depend on it.")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let parts = Set(self.only.isEmpty ? Part.allCases : self.only)
        let report = BenchReport()
        do {
            try FileManager.default.createDirectory(atPath: self.out, withIntermediateDirectories: true)
        } catch {
            Terminal.error("error: cannot create \(self.out): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        report.emit("environment", [
            ("libsodium", .string(SodiumInfo.version)), ("cores", .integer(cores)), ("quick", .string(self.quick ? "yes" : "no")),
        ])
        do {
            try self.measure(parts, report: report)
        } catch let failure as BenchFailure {
            Terminal.error(failure.description)
            throw ExitCode.failure
        }
        if let json = self.json {
            guard FileManager.default.createFile(atPath: json, contents: Data(report.json.utf8)) else {
                Terminal.error("error: cannot write \(json)")
                throw ExitCode.failure
            }
        }
    }

    private func measure(_ parts: Set<Part>, report: BenchReport) throws {
        let quickTraffic = self.quick ? "10s" : nil
        let quickPipeline = self.quick ? "5s" : nil
        // The floor of the full pipeline needs libsodium's rates, so crypto runs whenever the pipeline does.
        var rates: CryptoBench.Rates?
        if parts.contains(.crypto) || parts.contains(.pipeline) {
            rates = try CryptoBench.run(iterations: self.iterations ?? (self.quick ? 5_000 : 20_000), report: report)
        }
        if parts.contains(.kernel) {
            KernelBench.run(events: self.quick ? 500_000 : 2_000_000, report: report)
        }
        if parts.contains(.pipeline), let rates {
            try SimulationBench.pipeline(
                self.scenario, duration: self.duration ?? quickPipeline, rates: rates,
                threads: self.threads ?? Simulation.defaultThreads, directory: self.out, report: report)
        }
        if parts.contains(.traffic) {
            let scenarios = self.trafficScenarios.isEmpty
                ? ["Scenarios/bench-1000.yaml", "Scenarios/bench-10000.yaml"] : self.trafficScenarios
            for path in scenarios {
                try SimulationBench.traffic(
                    path, duration: self.trafficDuration ?? quickTraffic, fcd: self.trafficFcd, directory: self.out,
                    report: report)
            }
        }
        if parts.contains(.ledger) {
            // bench-1000's load: 10 RSUs, about 5000 message leaves per 500 ms block.
            try LedgerBench.run(rsus: 10, blocks: self.quick ? 20 : 100, leavesPerBlock: 5_000, report: report)
        }
        if parts.contains(.trace) {
            try TraceWriteBench.run(rows: self.quick ? 200_000 : 1_000_000, directory: self.out, report: report)
        }
        if parts.contains(.policy) {
            // 1000 vehicles: the batch of bench-1000 driven by one v2 policy.
            try PolicyBench.run(
                rows: 1_000, batches: self.quick ? 200 : 1_000, trafficScenario: "Scenarios/bench-1000.yaml",
                duration: self.quick ? "5s" : "10s", directory: self.out, report: report)
        }
    }
}
