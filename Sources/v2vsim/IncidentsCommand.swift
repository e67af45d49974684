import ArgumentParser
import SimKernel
import Trace
import V2VSim

extension IncidentReport.Format: ExpressibleByArgument {}

/// `v2vsim incidents`: a trace's incidents as data (table, CSV or JSON), with a stable id per incident.
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "List the collisions, near misses and hard braking recorded in a trace, with their key values.",
        discussion: """
            Columns: id (the number `replay --incident` takes), kind, time_s, vehicle_a, vehicle_b, value and \
            detail (the recorded measurement), min_ttc_s, max_decel_mps2, closing_speed_mps (from the trace, \
            over --lookback seconds up to the incident). Exit codes: 0 listed, 1 the trace cannot be read, \
            64 bad arguments.
            """)

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Option(help: "Output format: table, csv or json.")
    var format: IncidentReport.Format = .table

    @Option(help: "Seconds before each incident over which min TTC and hardest braking are taken.")
    var lookback: Double = 10

    func validate() throws {
        guard self.lookback >= 0 && self.lookback <= 3600 else {
            throw ValidationError("--lookback: must be in [0, 3600] seconds, got \(self.lookback)")
        }
    }

    func run() throws {
        do {
            let reader = try TraceReader(path: self.trace)
            let records = try IncidentReport.build(reader, lookback: SimTime(seconds: self.lookback))
            print(IncidentReport.render(records, as: self.format), terminator: "")
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
