/// The summary's tables as CSV files (header row, fixed decimals), written next to the trace by
/// `v2vsim run`: `latency.csv` (per-stage percentiles) and, for physical radio models, `pdr.csv`.
extension RunSummary {
    /// (file name, contents) pairs.
    public var csvFiles: [(name: String, text: String)] {
        var files: [(String, String)] = []
        var latency = "stage,count,p50_ms,p95_ms,p99_ms,max_ms\n"
        for s in self.stages {
            latency += [
                s.stage, String(s.count), DecimalFormat.fixed(s.p50, 3), DecimalFormat.fixed(s.p95, 3),
                DecimalFormat.fixed(s.p99, 3), DecimalFormat.fixed(s.max, 3),
            ].joined(separator: ",") + "\n"
        }
        files.append(("latency.csv", latency))
        if !self.attacks.isEmpty {
            var text = "number,attack,attackers,sent,received,accepted,rejected,acted_on\n"
            for a in self.attacks {
                text += "\(a.number),\(a.name),\(a.attackers),\(a.sent),\(a.received),\(a.accepted),\(a.rejected),\(a.actedOn)\n"
            }
            files.append(("attacks.csv", text))
        }
        if let radio = self.radio {
            var pdr = "from_m,to_m,attempts,delivered,pdr\n"
            for bin in radio.bins {
                pdr += [
                    DecimalFormat.fixed(bin.fromMeters, 0), DecimalFormat.fixed(bin.toMeters, 0), String(bin.attempts),
                    String(bin.delivered), bin.ratio.map { DecimalFormat.fixed($0, 4) } ?? "",
                ].joined(separator: ",") + "\n"
            }
            files.append(("pdr.csv", pdr))
        }
        return files
    }
}
