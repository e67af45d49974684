import SimKernel
import Trace
import V2VSim

/// The terminal view of an ``IncidentTimeline``: a header with what the recording lacks, then per
/// vehicle a header and, in time order, one line per 0.1 s sample and one per notable event.
///
/// Accepted beacons are counted on the sample lines rather than listed (a vehicle hears dozens a
/// second); rejections, warnings, leader changes and the vehicle's own DENMs get a line each. The CSV
/// files of `--out` hold every one.
enum TimelineText {
    static func lines(_ timeline: IncidentTimeline, eventsOnly: Bool) -> [String] {
        let w = timeline.window
        var lines = ["timeline \(Self.t(w.from))–\(Self.t(w.to)) s, samples every 0.1 s (10 Hz), rebuilt from the trace's rows"
            + (w.clamped.map { "; window \($0)" } ?? "")]
        for note in timeline.missing { lines.append("missing: \(note)") }
        for note in timeline.caveats { lines.append("note: \(note)") }
        for v in timeline.vehicles {
            lines.append("")
            let attacker = v.attacker.map { ", ATTACKER \($0) (ground truth)" } ?? ""
            lines.append("vehicle \(v.vehicle) (\(v.type.isEmpty ? "?" : v.type), policy \(v.policy.isEmpty ? "?" : v.policy)\(attacker))")
            if !eventsOnly {
                lines.append("  time_s    pos_m lane  speed  accel | nbrs leader    msg_id   age_s  gap_b_m  gap_t_m | haz  gap_m | heard acc rej | decision")
            }
            var k = 0
            let events = v.events.filter(Self.isNotable)
            var previous: SimTime?
            for s in v.samples {
                while k < events.count, events[k].time <= s.time {
                    lines.append(Self.line(events[k]))
                    k += 1
                }
                if !eventsOnly { lines.append(Self.line(s, heardSince: previous, events: v.events)) }
                previous = s.time
            }
            while k < events.count {
                lines.append(Self.line(events[k]))
                k += 1
            }
        }
        return lines
    }

    /// Events worth a line of their own.
    static func isNotable(_ e: TimelineEvent) -> Bool {
        switch e.kind {
        case .sent: return e.messageType == "denm"
        case .heard: return e.outcome != "accepted" && e.outcome != "unchecked" || e.messageType == "denm"
        case .leader, .hazardAdded, .hazardDropped: return true
        }
    }

    static func line(_ e: TimelineEvent) -> String {
        var text = "  \(SimTime.format(e.time, decimals: 6)) "
        let message = e.messageID.map { "msg \($0)" } ?? ""
        let type = e.messageType ?? ""
        switch e.kind {
        case .sent:
            text += "SENT     \(type) \(message) \(e.detail)"
        case .heard:
            text += "HEARD    \(type) \(message) from vehicle \(e.other.map(String.init) ?? "?"): \(e.outcome)"
            if !e.reason.isEmpty { text += " \(e.reason)" }
            if let latency = e.latency { text += ", latency \(Self.f(latency.milliseconds, 3)) ms" }
            if e.actedOn { text += ", acted on" }
            if !e.detail.isEmpty { text += " (\(e.detail))" }
        case .leader:
            text += "LEADER   \(e.detail)"
            if let m = e.messageID { text += ", set by msg \(m) from vehicle \(e.other.map(String.init) ?? "?")" }
        case .hazardAdded:
            text += "HAZARD+  \(e.detail), set by \(message) from vehicle \(e.other.map(String.init) ?? "?")"
        case .hazardDropped:
            text += "HAZARD-  \(e.detail)" + (e.reason.isEmpty ? "" : " (\(e.reason))")
        }
        if let attacker = e.attacker { text += " [attacker: \(attacker)]" }
        return text
    }

    /// One sample: truth, leader belief against truth, hazards, receptions since the last sample, decision.
    static func line(_ s: TimelineSample, heardSince previous: SimTime?, events: [TimelineEvent]) -> String {
        var text = "  " + Self.pad(Self.t(s.time), 6)
        if let v = s.truth {
            text += " " + Self.pad(Self.f(v.pos, 1), 8) + " " + Self.pad(String(v.lane), 4) + " " + Self.pad(Self.f(v.speed, 2), 6)
                + " " + Self.pad(Self.f(v.accel, 2), 6)
        } else {
            text += "   (no FCD row yet)             "
        }
        text += " | " + Self.pad(String(s.neighbours.count), 4)
        if let l = s.leader {
            let trueGap = l.gap.flatMap { gap in l.positionError.map { gap - $0 } }
            text += " " + Self.pad(String(l.station), 6) + " " + Self.pad(String(l.messageID), 9) + " "
                + Self.pad(Self.f(l.age.seconds, 3), 7) + " " + Self.pad(Self.f(l.gap ?? .nan, 1), 8) + " "
                + Self.pad(trueGap.map { Self.f($0, 1) } ?? "?", 8)
        } else {
            text += " " + Self.pad("none", 6) + String(repeating: " ", count: 36)
        }
        let hazardGap = s.hazards.filter(\.usable).compactMap(\.gap).min()
        text += " | " + Self.pad(String(s.hazards.count), 3) + " " + Self.pad(hazardGap.map { Self.f($0, 1) } ?? "-", 6)
        var heard = 0, accepted = 0, rejected = 0
        for e in events where e.kind == .heard && e.time <= s.time && (previous.map { e.time > $0 } ?? true) {
            heard += 1
            if e.outcome == "accepted" || e.outcome == "unchecked" { accepted += 1 }
            if e.outcome == "rejected" { rejected += 1 }
        }
        text += " | " + Self.pad(String(heard), 5) + " " + Self.pad(String(accepted), 3) + " " + Self.pad(String(rejected), 3)
        if let d = s.decision {
            text += " | a=\(Self.f(d.acceleration, 2)) out=\(Self.f(d.output, 2)) obs=[\(d.observation.map { Self.f($0, 2) }.joined(separator: " "))]"
                + " model \(d.modelDigest.prefix(12))… at \(Self.t(d.time))"
            if let shield = s.shieldOverride, !shield.isEmpty { text += " shield \(shield)" }
        } else {
            text += " | -"
        }
        return text
    }

    static func t(_ time: SimTime) -> String { SimTime.format(time, decimals: 1) }

    static func f(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "?" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int64(scaled / scale)
        let fraction = Int64(scaled - Double(whole) * scale)
        var text = String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return value < 0 && scaled > 0 ? "-" + text : text
    }

    /// Right-aligned in `width` columns.
    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
