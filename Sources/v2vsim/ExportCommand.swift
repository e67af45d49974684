import ArgumentParser
import Trace
import V2VSim

/// `v2vsim export`: trace tables to CSV.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a trace's tables as CSV files (one per table, with a header row), as SUMO FCD CSV, or as a VeReMi data set.")

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Option(help: "Directory for vehicles, messages, receptions, blocks, anchors, incidents, leaves, consensus and ledger CSVs.")
    var csv: String?

    @Option(help: "File for the vehicle samples in SUMO's FCD CSV layout (xml2csv column names).")
    var fcdCsv: String?

    @Option(help: "Field separator of the FCD CSV: ';' as SUMO's xml2csv writes, or ','.")
    var fcdSeparator: String = ";"

    @Option(help: ArgumentHelp(
        "Directory (new or empty) for the run in the VeReMi extension layout: one JSON-lines log per vehicle and the ground truth.",
        valueName: "dir"))
    var veremi: String?

    func validate() throws {
        guard self.csv != nil || self.fcdCsv != nil || self.veremi != nil else {
            throw ValidationError("give --csv DIR, --fcd-csv FILE, --veremi DIR or several")
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
            if let veremi = self.veremi {
                let summary = try VeReMiExporter.export(tracePath: self.trace, to: veremi)
                print("\(veremi): \(summary.receiverFiles) vehicle logs (\(summary.gpsLines) GPS, \(summary.beaconLines) beacon lines), "
                    + "\(summary.groundTruthLines) ground-truth lines; left out: \(summary.skippedNotCAM) DENMs, "
                    + "\(summary.skippedUndecodable) undecodable frames")
            }
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
