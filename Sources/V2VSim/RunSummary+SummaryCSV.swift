/// The run's headline metrics in one CSV row (`summary.csv`), the file `v2vsim sweep collect`
/// merges into one table: one column per metric, stable names, fixed decimals, empty where a
/// metric does not apply. Pure function of the summary, so equal runs give equal bytes.
extension RunSummary {
    /// (column, value) pairs in the documented order (docs/sweep.md): identity, traffic and
    /// messages, latency, radio, detection per insider attack type present, the share of each attack
    /// type's messages caught by any layer, revocations, incidents, false warnings, anchoring.
    public var summaryColumns: [(name: String, value: String)] {
        func f(_ value: Double?, _ decimals: Int) -> String { value.map { DecimalFormat.fixed($0, decimals) } ?? "" }
        func count(_ kind: String) -> String { String(self.incidents.first { $0.kind == kind }?.count ?? 0) }
        var columns: [(String, String)] = [
            ("scenario", self.scenarioName), ("seed", String(self.seed)), ("event_digest", self.eventDigest),
            ("vehicles", String(self.vehiclesSpawned)), ("messages_sent", String(self.messagesSent)),
            ("vehicle_receptions", String(self.vehicleReceptions)), ("accepted", String(self.accepted)),
            ("rejected", String(self.rejected)), ("acted_on", String(self.actedOn)),
            ("latency_p50_ms", f(self.latencyP50, 3)), ("latency_p95_ms", f(self.latencyP95, 3)),
            ("latency_p99_ms", f(self.latencyP99, 3)),
        ]
        let attempts = self.radio?.bins.reduce(0) { $0 + $1.attempts } ?? 0
        let delivered = self.radio?.bins.reduce(0) { $0 + $1.delivered } ?? 0
        columns.append(("delivery_ratio", attempts > 0 ? f(Double(delivered) / Double(attempts), 4) : ""))
        columns.append(("cbr_mean", f(self.radio?.cbrMean, 4)))
        for d in self.detection {
            columns.append(("detection_\(d.name)_precision", f(d.precision, 4)))
            columns.append(("detection_\(d.name)_recall", f(d.recall, 4)))
            columns.append(("detection_\(d.name)_f1", f(self.effectiveF1(d), 4)))
        }
        for a in self.attacks {
            columns.append(("caught_\(a.name)_recall", f(a.caughtRecall, 4)))
        }
        columns += [
            ("detection_false_positives", String(self.detectionTotals.falsePositives)),
            ("honest_revoked", String(self.detectionTotals.honestRevoked)),
            ("certificates_revoked", String(self.certificatesRevoked)),
            ("hard_brakes", count("hard_braking")), ("collisions", count("collision")),
            ("near_misses", count("near_miss")),
            ("vehicles_braked_for_false_warning", String(self.falseHazards.vehiclesBrakedForFalse)),
            ("blocks_final", String(self.blocksFinal)),
            ("anchoring_latency_ms", f(self.ledger.meanFinalLatencyMs, 3)),
            ("bytes_per_message_mean", f(self.certificates.meanMessageBytes, 1)),
            ("p2p_neighbour_answers", String(self.certificates.neighbourAnswers)),
            ("p2p_held", String(self.certificates.held)), ("p2p_resolved", String(self.certificates.resolved)),
            ("p2p_expired", String(self.certificates.expired)), ("p2p_evicted", String(self.certificates.evicted)),
            ("p2p_held_at_end", String(self.certificates.heldAtEnd)),
            ("p2p_hold_wait_p50_ms", f(self.certificates.holdWaitP50, 3)),
            ("p2p_hold_wait_p95_ms", f(self.certificates.holdWaitP95, 3)),
        ]
        return columns
    }

    /// F1 of one attack type, also where the summary leaves it undefined because nothing was
    /// flagged: when the type's messages reached vehicles and none was caught (as in modes `none`
    /// and `signature`, where no detector runs), F1 = 2TP / (2TP + FP + FN) is 0, not unknown.
    func effectiveF1(_ d: DetectionOutcome) -> Double? {
        if let f1 = d.f1 { return f1 }
        let received = self.attacks.first { $0.number == d.number }?.received ?? 0
        return d.truePositives == 0 && (d.falseNegatives > 0 || received > 0) ? 0 : nil
    }

    /// `summary.csv`: a header row and one value row.
    public var summaryCSV: String {
        let columns = self.summaryColumns
        // Only the scenario's name can hold a comma or a quote; RFC 4180 quoting keeps it one field.
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return columns.map(\.name).joined(separator: ",") + "\n" + columns.map { field($0.value) }.joined(separator: ",") + "\n"
    }
}
