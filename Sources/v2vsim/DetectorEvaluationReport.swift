import Foundation
import V2VSim

/// Text table and CSV of `v2vsim detector eval`.
enum DetectorEvaluationReport {
    static let csvHeader = [
        "scenario", "detector", "attack", "number", "seeds", "true_positives", "false_negatives", "false_positives",
        "precision", "recall", "f1", "f1_ci95", "attackers", "detected", "revoked", "sender_precision",
        "sender_recall", "honest_reported", "honest_revoked", "mean_time_to_detect_s", "mean_time_to_revoke_s",
        "genuine_receptions", "false_alarms_per_1000", "reports",
    ]

    static func csv(_ rows: [DetectorEvaluation.Row]) -> String {
        var out = Self.csvHeader.joined(separator: ",") + "\n"
        for r in rows {
            let fields: [String] = [
                r.scenario, r.detector, r.attack, String(r.number), String(r.seeds), String(r.truePositives),
                String(r.falseNegatives), String(r.falsePositives), Self.decimal(r.precision), Self.decimal(r.recall),
                Self.decimal(r.f1), Self.decimal(r.f1Interval), String(r.attackers), String(r.detected), String(r.revoked),
                Self.decimal(r.senderPrecision), Self.decimal(r.senderRecall),
                r.sharesRunWithOtherTypes ? "" : String(r.honestReported),
                r.sharesRunWithOtherTypes ? "" : String(r.honestRevoked), Self.decimal(r.meanTimeToDetect), Self.decimal(r.meanTimeToRevoke),
                String(r.genuineReceptions), Self.decimal(r.falseAlarmsPerThousand),
                r.sharesRunWithOtherTypes ? "" : String(r.reports),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    static func table(_ rows: [DetectorEvaluation.Row], seeds: Int) -> String {
        let header = ["scenario", "detector", "attack", "P", "R", "F1", "sndr P", "sndr R", "t_detect", "t_revoke", "FP/1000", "reports", "honest", "revoked"]
        var body: [[String]] = []
        for r in rows {
            let f1 = Self.fixed(r.f1) + (r.f1Interval.map { String(format: " ±%.3f", $0) } ?? "")
            body.append([
                r.scenario, r.detector, r.attack, Self.fixed(r.precision), Self.fixed(r.recall), f1, Self.fixed(r.senderPrecision),
                Self.fixed(r.senderRecall), Self.seconds(r.meanTimeToDetect), Self.seconds(r.meanTimeToRevoke),
                Self.fixed(r.falseAlarmsPerThousand), r.sharesRunWithOtherTypes ? "-" : String(r.reports),
                r.sharesRunWithOtherTypes ? "-" : String(r.honestReported),
                r.sharesRunWithOtherTypes ? "-" : String(r.honestRevoked),
            ])
        }
        var widths = header.map(\.count)
        for line in body { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        // Names left-aligned, figures right-aligned.
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i < 3 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = ["misbehaviour detection over \(seeds) seed(s) per scenario (per message: counts summed over seeds; F1 ± 95 % interval between seeds)"]
        lines.append(format(header))
        lines.append(contentsOf: body.map(format))
        lines.append("sndr P/R: attackers named in a report / every vehicle named; attackers named / attackers. "
            + "FP/1000: genuine messages flagged per 1000 genuine receptions; reports: misbehaviour reports sent (summed over seeds). "
            + "honest: genuine vehicles named in a report (summed over seeds); revoked: their certificates revoked.")
        return lines.joined(separator: "\n")
    }

    private static func fixed(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
    private static func seconds(_ value: Double?) -> String { value.map { String(format: "%.2f s", $0) } ?? "-" }
    private static func decimal(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
}
