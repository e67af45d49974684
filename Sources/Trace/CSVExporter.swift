/// Exports a trace's tables as CSV files, one per table, each with a header row.
///
/// Each file is written as `<name>.csv.partial` and renamed when complete, so a failed export never leaves a
/// truncated CSV under its final name. Rows keep the trace's insertion order; every number has a fixed format
/// (docs/trace.md), so the same trace always exports to the same bytes.
public enum CSVExporter {
    /// The files an export writes, in order.
    public static let fileNames = [
        "vehicles.csv", "messages.csv", "receptions.csv", "blocks.csv", "anchors.csv", "incidents.csv", "leaves.csv",
        "consensus.csv", "ledger.csv", "decisions.csv",
    ]

    /// Writes `vehicles.csv`, `messages.csv`, `receptions.csv`, `blocks.csv`, `anchors.csv`, `incidents.csv`,
    /// `leaves.csv`, `consensus.csv`, `ledger.csv` (per-block metrics derived from the ledger tables) and
    /// `decisions.csv` into `directory`, creating it if needed and replacing files of those names.
    ///
    /// - Parameters:
    ///   - tracePath: A finished trace file.
    ///   - directory: Where the CSV files go.
    /// - Returns: The paths written, in the order of ``fileNames``.
    /// - Throws: ``TraceError`` naming the trace or the CSV file that failed.
    public static func export(tracePath: String, to directory: String) throws -> [String] {
        let reader = try TraceReader(path: tracePath)
        try FileOperations.createDirectory(directory)
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return [
            try self.write(base + "vehicles.csv", CSVColumns.vehicles) { w in
                try reader.forEachVehicle { try w.write($0.csvFields) }
            },
            try self.write(base + "messages.csv", CSVColumns.messages) { w in
                try reader.forEachMessage { try w.write($0.csvFields) }
            },
            try self.write(base + "receptions.csv", CSVColumns.receptions) { w in
                try reader.forEachReception { try w.write($0.csvFields) }
            },
            try self.write(base + "blocks.csv", CSVColumns.blocks) { w in
                try reader.forEachBlock { try w.write($0.csvFields) }
            },
            try self.write(base + "anchors.csv", CSVColumns.anchors) { w in
                try reader.forEachAnchor { try w.write($0.csvFields) }
            },
            try self.write(base + "incidents.csv", CSVColumns.incidents) { w in
                try reader.forEachIncident { try w.write($0.csvFields) }
            },
            try self.write(base + "leaves.csv", CSVColumns.leaves) { w in
                try reader.forEachLeaf { try w.write($0.csvFields) }
            },
            try self.write(base + "consensus.csv", CSVColumns.consensus) { w in
                try reader.forEachConsensus { try w.write($0.csvFields) }
            },
            try self.write(base + "ledger.csv", LedgerMetricsCSV.columns) { w in
                try LedgerMetricsCSV.write(reader, into: w)
            },
            try self.write(base + "decisions.csv", CSVColumns.decisions) { w in
                try reader.forEachDecision { try w.write($0.csvFields) }
            },
        ]
    }

    /// Writes one file: header, the records that `body` writes, then the rename; deletes the partial on failure.
    private static func write(
        _ path: String, _ header: [String], _ body: (CSVFileWriter) throws -> Void
    ) throws -> String {
        let writer = try CSVFileWriter(path: path, header: header)
        do {
            try body(writer)
            try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
        return path
    }
}
