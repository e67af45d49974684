import ArgumentParser
import Trace

/// `v2vsim export`: trace tables to CSV.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a trace's tables as CSV files (one per table, with a header row), or as SUMO FCD CSV.")

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Option(help: "Directory for vehicles, messages, receptions, blocks, anchors, incidents, leaves, consensus and ledger CSVs.")
    var csv: String?

    @Option(help: "File for the vehicle samples in SUMO's FCD CSV layout (xml2csv column names).")
    var fcdCsv: String?

    @Option(help: "Field separator of the FCD CSV: ';' as SUMO's xml2csv writes, or ','.")
    var fcdSeparator: String = ";"

    func validate() throws {
        guard self.csv != nil || self.fcdCsv != nil else {
            throw ValidationError("give --csv DIR, --fcd-csv FILE or both")
        }
        guard [";", ","].contains(self.fcdSeparator) else {
            throw ValidationError("--fcd-separator must be ';' or ',', got '\(self.fcdSeparator)'")
        }
    }

    func run() throws {
        do {
            if let csv = self.csv {
                let files = try CSVExporter.export(tracePath: self.trace, to: csv)
                for file in files { print(file) }
            }
            if let fcd = self.fcdCsv {
                try FCDExporter.export(tracePath: self.trace, to: fcd, separator: Character(self.fcdSeparator))
                print(fcd)
            }
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
