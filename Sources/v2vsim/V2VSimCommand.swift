import ArgumentParser

/// The `v2vsim` command line.
@main
struct V2VSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "v2vsim",
        abstract: "Vehicle-to-vehicle message simulator and verifier: signed V2X traffic, RSU ledger, traces.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, ExportCommand.self, VerifyCommand.self, LedgerCommand.self, ReplayCommand.self,
            IncidentsCommand.self, VisualizeCommand.self, PolicyCommand.self, DetectorCommand.self, SweepCommand.self, BenchCommand.self,
        ]
    )
}
