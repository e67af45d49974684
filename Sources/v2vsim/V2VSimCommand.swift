import ArgumentParser
import V2VSim

/// The `v2vsim` command line.
@main
struct V2VSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "v2vsim",
        abstract: "Vehicle-to-vehicle message simulator and verifier: signed V2X traffic, RSU ledger, traces.",
        // The version every trace records (meta.program_version), so that the two never disagree.
        version: Simulation.programVersion,
        subcommands: [
            RunCommand.self, ValidateCommand.self, ExportCommand.self, VerifyCommand.self, LedgerCommand.self, ReplayCommand.self,
            IncidentsCommand.self, VisualizeCommand.self, PolicyCommand.self, DetectorCommand.self, SweepCommand.self, BenchCommand.self,
        ]
    )
}
