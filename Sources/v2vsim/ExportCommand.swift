import ArgumentParser
import Trace

/// `v2vsim export`: trace tables to CSV.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a trace's tables as CSV files (one per table, with a header row).")

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Option(help: "Directory for vehicles.csv, messages.csv, receptions.csv, blocks.csv, anchors.csv, incidents.csv.")
    var csv: String

    func run() throws {
        do {
            let files = try CSVExporter.export(tracePath: self.trace, to: self.csv)
            for file in files { print(file) }
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
