import V2X

/// The summary's tables as CSV files (header row, fixed decimals), written next to the trace by
/// `v2vsim run`: `latency.csv` (per-stage percentiles), `hazards.csv` (hazard-warning counts),
/// `ledger-summary.csv` (the run's ledger metrics in one row), `summary.csv` (the headline
/// metrics in one row, what `v2vsim sweep collect` merges), and,
/// when present, `attacks.csv`, `detection.csv` and, for physical radio models, `pdr.csv`.
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
        files.append(("hazards.csv", self.hazardsCSV))
        files.append(("ledger-summary.csv", self.ledgerSummaryCSV))
        files.append(("summary.csv", self.summaryCSV))
        if !self.attacks.isEmpty {
            // Then the rejections by layer (VerificationLayer order) and the share some defence caught.
            var text = "number,attack,attackers,sent,received,accepted,rejected,acted_on,"
                + VerificationLayer.allCases.map { "rejected_" + $0.name }.joined(separator: ",") + ",caught_recall\n"
            for a in self.attacks {
                let layers = VerificationLayer.allCases.map { layer in
                    String(a.rejectedByLayer.first { $0.layer == layer }?.count ?? 0)
                }
                text += "\(a.number),\(a.name),\(a.attackers),\(a.sent),\(a.received),\(a.accepted),\(a.rejected),\(a.actedOn),"
                    + layers.joined(separator: ",") + "," + (a.caughtRecall.map { DecimalFormat.fixed($0, 4) } ?? "") + "\n"
            }
            files.append(("attacks.csv", text))
        }
        if !self.detection.isEmpty {
            func f(_ v: Double?, _ d: Int) -> String { v.map { DecimalFormat.fixed($0, d) } ?? "" }
            var text = "number,attack,true_positives,false_negatives,false_positives,precision,recall,f1,"
                + "attackers,detected,revoked,time_to_detect_mean_s,time_to_detect_max_s,time_to_revoke_mean_s,time_to_revoke_max_s\n"
            for d in self.detection {
                text += [
                    String(d.number), d.name, String(d.truePositives), String(d.falseNegatives), String(d.falsePositives),
                    f(d.precision, 4), f(d.recall, 4), f(d.f1, 4), String(d.attackers), String(d.detected), String(d.revoked),
                    f(d.meanTimeToDetect, 3), f(d.maxTimeToDetect, 3), f(d.meanTimeToRevoke, 3), f(d.maxTimeToRevoke, 3),
                ].joined(separator: ",") + "\n"
            }
            files.append(("detection.csv", text))
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
