internal import GRDB

extension TraceComparison {
    /// Rows this close to a window's end [ns] are not compared (see ``compareWindow(recorded:replayed:from:to:)``).
    public static let windowEndMargin: Int64 = 1_000_000_000

    /// The tables a window comparison reads: every row table with a time column, the per-second
    /// event digests and the checkpoints.
    static var windowTables: [TableSpec] {
        (TraceSchema.tables + [TraceSchema.eventDigests, TraceSchema.checkpoints]).filter { $0.timeColumn != nil }
    }

    /// The first difference of every table between the rows of `recorded` and `replayed` whose time
    /// lies in `from...to`, compared in rowid order without the rowids (a resumed re-run's trace starts
    /// at a checkpoint, so its rowids are not the recording's); empty when the window's rows agree.
    ///
    /// - Parameters:
    ///   - from: the window's start: the checkpoint the re-run started from.
    ///   - to: its end: the re-run's end. Rows of the last second before it are left out
    ///     (``windowEndMargin``), and checkpoints count only after `from`; checkpoints are not
    ///     compared when the two traces store them in different formats (an older build's
    ///     recording: their blobs cannot agree, whatever the state).
    /// - Complexity: one pass over both windows; constant memory.
    /// - Throws: ``TraceError`` when either trace cannot be read.
    public static func compareWindow(
        recorded: TraceReader, replayed: TraceReader, from: SimTimeNanoseconds, to: SimTimeNanoseconds
    ) throws -> [TableDifference] {
        var differences: [TableDifference] = []
        for table in Self.windowTables {
            if table.name == TraceSchema.decisions.name && !(recorded.hasDecisions && replayed.hasDecisions) { continue }
            if table.name == TraceSchema.checkpoints.name && !(recorded.hasCheckpoints && replayed.hasCheckpoints) { continue }
            if table.name == TraceSchema.checkpoints.name {
                let formats = (try recorded.checkpointFormatVersions(), try replayed.checkpointFormatVersions())
                if !formats.0.isEmpty && !formats.1.isEmpty && Set(formats.0).isDisjoint(with: formats.1) { continue }
            }
            if table.name == TraceSchema.eventDigests.name && !(recorded.hasSeals && replayed.hasSeals) { continue }
            var lower = from
            // A row is written by the event at its time or, for messages and receptions, a few
            // milliseconds later (after channel access, after the verification queue): rows in the last
            // second before `to` may be the recording's only. For the per-second digests, the last
            // second may be cut short by `to`.
            let upper = to - Self.windowEndMargin
            if table.name == TraceSchema.eventDigests.name { lower = from - from % 1_000_000_000 }
            if table.name == TraceSchema.checkpoints.name { lower = from + 1 }
            guard lower <= upper else { continue }
            if let difference = try Self.firstWindowDifference(table, recorded, replayed, lower, upper) {
                differences.append(difference)
            }
        }
        return differences
    }

    private static func firstWindowDifference(
        _ table: TableSpec, _ recorded: TraceReader, _ replayed: TraceReader, _ from: Int64, _ to: Int64
    ) throws -> TableDifference? {
        guard let timeIndex = table.timeColumn else { return nil }
        let time = table.columns[timeIndex].name
        let names = table.columns.map(\.name).joined(separator: ", ")
        let sql = "SELECT rowid, \(names) FROM \(table.name) WHERE \(time) >= ? AND \(time) <= ? ORDER BY rowid"
        let countSQL = "SELECT COUNT(*) FROM \(table.name) WHERE \(time) >= ? AND \(time) <= ?"
        return try TraceError.mappingDatabaseErrors(path: recorded.path) {
            try recorded.database.read { a in
                try TraceError.mappingDatabaseErrors(path: replayed.path) {
                    try replayed.database.read { b in
                        let cursorA = try Row.fetchCursor(a, sql: sql, arguments: [from, to])
                        let cursorB = try Row.fetchCursor(b, sql: sql, arguments: [from, to])
                        while true {
                            let rowA = try cursorA.next()
                            let rowB = try cursorB.next()
                            if rowA == nil && rowB == nil { return nil }
                            guard var difference = Self.windowDifference(table, rowA, rowB) else { continue }
                            difference.recordedRows = try Int64.fetchOne(a, sql: countSQL, arguments: [from, to]) ?? 0
                            difference.replayedRows = try Int64.fetchOne(b, sql: countSQL, arguments: [from, to]) ?? 0
                            return difference
                        }
                    }
                }
            }
        }
    }

    /// How two window rows (rowid, then the columns) differ, ignoring the rowid; nil when equal.
    private static func windowDifference(_ table: TableSpec, _ recorded: Row?, _ replayed: Row?) -> TableDifference? {
        guard let reference = recorded ?? replayed else { return nil }
        var column: String?
        var values: (String, String)
        if let recorded, let replayed {
            guard let index = (1...table.columns.count).first(where: {
                (recorded[$0] as DatabaseValue) != (replayed[$0] as DatabaseValue)
            }) else { return nil }
            column = table.columns[index - 1].name
            values = (Self.render(recorded[index]), Self.render(replayed[index]))
        } else {
            values = recorded == nil ? ("absent", "a row") : ("a row", "absent")
        }
        let time: Int64? = table.timeColumn.flatMap { reference[$0 + 1] as Int64? }
        return TableDifference(
            table: table.name, rowid: recorded?[0] as Int64?, column: column, entity: Self.entity(of: reference, in: table),
            time: time, recorded: values.0, replayed: values.1, recordedRows: 0, replayedRows: 0)
    }
}

/// Nanoseconds of simulated time, as the trace's `_ns` columns hold them.
public typealias SimTimeNanoseconds = Int64
