import Foundation
import SimKernel
import V2VSim

/// A what-if comparison as a side-by-side table or as JSON.
enum WhatIfText {
    /// `origin` says where both sides started: the last checkpoint before the window, or the run's start
    /// and why (no checkpoint there, or one written by another build).
    static func table(_ c: WhatIfComparison, origin: String) -> String {
        let who = c.incident.vehicleB.map { "vehicles \(c.incident.vehicleA) and \($0)" } ?? "vehicle \(c.incident.vehicleA)"
        var lines = [
            "what-if for incident #\(c.incidentID): \(c.incident.kind) of \(who) at \(c.incident.time) s",
            "changes: \(c.changes.joined(separator: ", ")); both sides from \(c.from) s (\(origin)) to \(c.to) s",
            "",
            Self.row("", "recorded", "what-if"),
        ]
        let a = c.baseline
        let b = c.whatIf
        lines.append(Self.row("incident happens", Self.yesNo(a.incidentHappens, a.incidentTime), Self.yesNo(b.incidentHappens, b.incidentTime)))
        lines.append(Self.row("collision", a.collision ? "yes" : "no", b.collision ? "yes" : "no"))
        lines.append(Self.row("min TTC [s]", Self.number(a.minTTC), Self.number(b.minTTC)))
        lines.append(Self.row("hardest braking [m/s²]", Self.number(a.hardestBraking), Self.number(b.hardestBraking)))
        for kind in Set(a.incidentsByKind.keys).union(b.incidentsByKind.keys).sorted() {
            lines.append(Self.row("incidents: \(kind)", "\(a.incidentsByKind[kind] ?? 0)", "\(b.incidentsByKind[kind] ?? 0)"))
        }
        for outcome in Set(a.receptionsByOutcome.keys).union(b.receptionsByOutcome.keys).sorted() {
            lines.append(Self.row(
                "heard: \(outcome)", "\(a.receptionsByOutcome[outcome] ?? 0)", "\(b.receptionsByOutcome[outcome] ?? 0)"))
        }
        for reason in Set(a.rejectedByReason.keys).union(b.rejectedByReason.keys).sorted() {
            lines.append(Self.row("rejected: \(reason)", "\(a.rejectedByReason[reason] ?? 0)", "\(b.rejectedByReason[reason] ?? 0)"))
        }
        lines.append(Self.row("acted on", "\(a.actedOn)", "\(b.actedOn)"))
        lines.append("")
        lines.append("same message, judged differently: \(c.judgedDifferently); heard on one side only: \(c.onlyInOneSide)")
        lines.append("(receptions, braking and TTC are the incident's vehicles'; incidents are everyone's)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ c: WhatIfComparison) -> String {
        func side(_ s: WhatIfComparison.Side) -> [String: Any] {
            [
                "incident_happens": s.incidentHappens, "incident_time_s": s.incidentTime.map { $0.seconds } ?? NSNull(),
                "collision": s.collision, "min_ttc_s": s.minTTC ?? NSNull(), "hardest_braking_mps2": s.hardestBraking ?? NSNull(),
                "incidents_by_kind": s.incidentsByKind, "receptions_by_outcome": s.receptionsByOutcome,
                "rejected_by_reason": s.rejectedByReason, "acted_on": s.actedOn,
            ]
        }
        let object: [String: Any] = [
            "incident": [
                "id": c.incidentID, "kind": c.incident.kind, "time_s": c.incident.time.seconds,
                "vehicle_a": c.incident.vehicleA, "vehicle_b": c.incident.vehicleB.map { $0 as Any } ?? NSNull(),
            ],
            "changes": c.changes, "from_s": c.from.seconds, "to_s": c.to.seconds,
            "recorded": side(c.baseline), "what_if": side(c.whatIf),
            "judged_differently": c.judgedDifferently, "heard_on_one_side_only": c.onlyInOneSide,
        ]
        // Sorted keys: the same comparison always prints the same text.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func row(_ label: String, _ a: String, _ b: String) -> String {
        // Long enough for the longest rejection reason; a longer label still keeps one space.
        label.padding(toLength: max(44, label.count + 1), withPad: " ", startingAt: 0)
            + a.padding(toLength: max(20, a.count + 1), withPad: " ", startingAt: 0) + b
    }

    private static func yesNo(_ flag: Bool, _ time: SimTime?) -> String {
        flag ? "yes" + (time.map { " (\($0) s)" } ?? "") : "no"
    }

    private static func number(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "-"
    }
}
