import SimKernel

/// `ledger.csv`: one row per final block with what it holds and how long it took, derived from the
/// `blocks`, `leaves` and `anchors` tables (docs/trace.md).
///
/// Per-height totals are gathered first (one pass over `leaves` and one over `anchors`, memory
/// proportional to the number of blocks, not of leaves), then the blocks are written in height order.
enum LedgerMetricsCSV {
    static let columns = [
        "height", "proposer", "t_proposed", "t_final", "finality_ms", "leaves", "messages", "reports", "revocations",
        "registrations", "bytes", "votes", "anchoring_latency_mean_ms", "anchoring_latency_max_ms",
    ]

    /// The leaf kinds counted in their own columns, in column order.
    private static let kinds = ["message", "report", "revocation", "registration"]

    private struct Totals {
        var byKind = [Int](repeating: 0, count: LedgerMetricsCSV.kinds.count)
        var leafBytes = 0
        var anchored = 0
        var latencyTotal: SimTime = .zero
        var latencyMax: SimTime = .zero
    }

    /// Streams the ledger metrics of `reader`'s trace into `writer`.
    /// - Throws: ``TraceError`` on a read or write failure.
    static func write(_ reader: TraceReader, into writer: CSVFileWriter) throws {
        var totals: [UInt64: Totals] = [:]
        try reader.forEachLeaf { row in
            var t = totals[row.height] ?? Totals()
            if let k = Self.kinds.firstIndex(of: row.kind) { t.byKind[k] += 1 }
            t.leafBytes += row.leaf.count
            totals[row.height] = t
        }
        try reader.forEachAnchor { row in
            var t = totals[row.height] ?? Totals()
            let latency = row.tFinal - row.tGenerated
            t.anchored += 1
            t.latencyTotal = t.latencyTotal + latency
            t.latencyMax = max(t.latencyMax, latency)
            totals[row.height] = t
        }
        try reader.forEachBlock { block in
            let t = totals[block.height] ?? Totals()
            let votes = block.signatures.split(separator: ";").count
            // Stored size: header, the leaves (type byte and body each), 68 bytes per vote (RSU id and signature).
            let bytes = block.headerBytes.count + t.leafBytes + 68 * votes
            let mean = t.anchored > 0
                ? DecimalText.fixed(t.latencyTotal.milliseconds / Double(t.anchored), decimals: 3) : ""
            try writer.write([
                String(block.height), String(block.proposer), DecimalText.seconds(block.tProposed, decimals: 6),
                DecimalText.seconds(block.tFinal, decimals: 6),
                DecimalText.milliseconds(block.tFinal - block.tProposed, decimals: 3), String(block.leafCount),
            ] + t.byKind.map(String.init) + [
                String(bytes), String(votes), mean,
                t.anchored > 0 ? DecimalText.milliseconds(t.latencyMax, decimals: 3) : "",
            ])
        }
    }
}
