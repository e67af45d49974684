import SimKernel
import Trace
import V2X

/// The timeline as files (`v2vsim replay TRACE ... --out DIR`): four CSV tables and one JSON document
/// holding the same rows; columns in docs/trace.md, "Incident timeline". Text only, deterministic:
/// times in seconds with 3 decimals (6 for message times), positions and errors with 3.
extension IncidentTimeline {
    /// The files' names and texts, in writing order (`timeline.json` last).
    public var files: [(name: String, text: String)] {
        [
            ("samples.csv", self.csv(Self.sampleColumns, self.sampleRows)),
            ("beliefs.csv", self.csv(Self.beliefColumns, self.beliefRows)),
            ("hazards.csv", self.csv(Self.hazardColumns, self.hazardRows)),
            ("events.csv", self.csv(Self.eventColumns, self.eventRows)),
            ("timeline.json", self.json),
        ]
    }

    static let sampleColumns = [
        "time_s", "vehicle_id", "truth_s", "x_m", "y_m", "pos_m", "lane", "speed_mps", "accel_mps2", "neighbours",
        "hazards", "leader_station", "leader_message_id", "leader_sender", "leader_gap_believed_m", "leader_gap_true_m",
        "decision_s", "model_sha256", "observation_version", "observation", "output", "decision_accel_mps2", "shield_override",
    ]
    static let beliefColumns = [
        "time_s", "vehicle_id", "station", "message_id", "sender", "attacker", "generated_s", "available_s", "age_s",
        "usable", "claimed_x_m", "claimed_y_m", "claimed_speed_mps", "claimed_accel_mps2", "claimed_lane", "believed_pos_m",
        "truth_s", "true_pos_m", "true_speed_mps", "true_lane", "position_error_m", "speed_error_mps", "gap_m", "leader",
    ]
    static let hazardColumns = [
        "time_s", "vehicle_id", "hazard_station", "hazard_id", "message_id", "sender", "attacker", "cause", "lane",
        "road_position_m", "length_m", "generated_s", "available_s", "usable", "gap_m",
    ]
    static let eventColumns = [
        "time_s", "vehicle_id", "event", "message_id", "message_type", "other_vehicle", "outcome", "reason", "latency_ms",
        "acted_on", "attacker", "detail",
    ]

    var sampleRows: [[String]] {
        var rows: [[String]] = []
        for v in self.vehicles {
            for s in v.samples {
                let leader = s.leader
                let d = s.decision
                var row: [String] = [Self.t(s.time), String(v.vehicle), s.truth.map { Self.t($0.time) } ?? ""]
                row += [Self.f(s.truth?.x), Self.f(s.truth?.y), Self.f(s.truth?.pos)]
                row.append(s.truth.map { String($0.lane) } ?? "")
                row += [Self.f(s.truth?.speed), Self.f(s.truth?.accel), String(s.neighbours.count), String(s.hazards.count)]
                row.append(leader.map { String($0.station) } ?? "")
                row.append(leader.map { String($0.messageID) } ?? "")
                row.append(leader?.sender.map { String($0) } ?? "")
                row.append(Self.f(leader?.gap))
                row.append(Self.f(leader.flatMap(Self.trueGap)))
                row.append(d.map { Self.t($0.time) } ?? "")
                row.append(d?.modelDigest ?? "")
                row.append(d?.observationVersion ?? "")
                row.append(d.map { $0.observation.map { "\($0)" }.joined(separator: " ") } ?? "")
                row.append(d.map { "\($0.output)" } ?? "")
                row.append(d.map { "\($0.acceleration)" } ?? "")
                row.append(s.shieldOverride ?? "")
                rows.append(row)
            }
        }
        return rows
    }

    var beliefRows: [[String]] {
        var rows: [[String]] = []
        for v in self.vehicles {
            for s in v.samples {
                for b in s.neighbours {
                    var row: [String] = [Self.t(s.time), String(v.vehicle), String(b.station), String(b.messageID)]
                    row.append(b.sender.map { String($0) } ?? "")
                    row.append(b.attacker ?? "")
                    row += [Self.t6(b.generated), Self.t6(b.availableAt), Self.t(b.age), b.usable ? "1" : "0"]
                    row += [Self.f(b.claim.x), Self.f(b.claim.y), Self.f(b.claim.speed), Self.f(b.claim.acceleration)]
                    row += [String(b.claim.lane), Self.f(b.believedPosition)]
                    row.append(b.truth.map { Self.t($0.time) } ?? "")
                    row += [Self.f(b.truth?.pos), Self.f(b.truth?.speed)]
                    row.append(b.truth.map { String($0.lane) } ?? "")
                    row += [Self.f(b.positionError), Self.f(b.speedError), Self.f(b.gap)]
                    row.append(b.station == s.leaderStation ? "1" : "0")
                    rows.append(row)
                }
            }
        }
        return rows
    }

    var hazardRows: [[String]] {
        var rows: [[String]] = []
        for v in self.vehicles {
            for s in v.samples {
                for h in s.hazards {
                    var row: [String] = [Self.t(s.time), String(v.vehicle), String(h.warning.stationID)]
                    row += [String(h.warning.hazardID), String(h.messageID)]
                    row.append(h.sender.map { String($0) } ?? "")
                    row.append(h.attacker ?? "")
                    row += ["\(h.warning.cause)", String(h.warning.lane), Self.f(h.warning.roadPosition), Self.f(h.warning.length)]
                    row += [Self.t6(h.generated), Self.t6(h.availableAt), h.usable ? "1" : "0", Self.f(h.gap)]
                    rows.append(row)
                }
            }
        }
        return rows
    }

    var eventRows: [[String]] {
        var rows: [[String]] = []
        for v in self.vehicles {
            for e in v.events {
                var row: [String] = [Self.t6(e.time), String(v.vehicle), e.kind.rawValue]
                row.append(e.messageID.map { String($0) } ?? "")
                row.append(e.messageType ?? "")
                row.append(e.other.map { String($0) } ?? "")
                row += [e.outcome, e.reason]
                row.append(e.latency.map { DecimalFormat.fixed($0.milliseconds, 3) } ?? "")
                row.append(e.actedOn ? "1" : "0")
                row += [e.attacker ?? "", e.detail]
                rows.append(row)
            }
        }
        return rows
    }

    /// The true gap to the leader's rear: the believed gap less the belief's position error.
    static func trueGap(_ b: BeliefAtSample) -> Double? {
        guard let gap = b.gap, let error = b.positionError else { return nil }
        return gap - error
    }

    /// The JSON document: the window, the notes, and each CSV's columns and rows (all values as text,
    /// exactly the CSV's, so the two never disagree).
    public var json: String {
        var out = "{\"format\":\"v2vsim-timeline\",\"version\":1"
        out += ",\"from\":\(Self.t(self.window.from)),\"to\":\(Self.t(self.window.to))"
        out += ",\"sample_interval_s\":\(Self.t(TimelineWindow.sampleInterval))"
        out += ",\"vehicles\":[" + self.window.vehicles.map(String.init).joined(separator: ",") + "]"
        if let row = self.window.incident, let n = self.window.incidentIndex {
            out += ",\"incident\":{\"id\":\(n),\"kind\":\(Self.quoted(row.kind)),\"time_s\":\(Self.t6(row.time))"
            out += ",\"vehicle_a\":\(row.vehicleA),\"vehicle_b\":\(row.vehicleB.map(String.init) ?? "null")"
            out += ",\"value\":\(DecimalFormat.fixed(row.value, 3)),\"detail\":\(Self.quoted(row.detail))}"
        } else {
            out += ",\"incident\":null"
        }
        out += ",\"missing\":[" + self.missing.map(Self.quoted).joined(separator: ",") + "]"
        out += ",\"caveats\":[" + self.caveats.map(Self.quoted).joined(separator: ",") + "]"
        let tables: [(String, [String], [[String]])] = [
            ("samples", Self.sampleColumns, self.sampleRows), ("beliefs", Self.beliefColumns, self.beliefRows),
            ("hazards", Self.hazardColumns, self.hazardRows), ("events", Self.eventColumns, self.eventRows),
        ]
        for (name, columns, rows) in tables {
            out += ",\"\(name)\":{\"columns\":[" + columns.map(Self.quoted).joined(separator: ",") + "],\"rows\":["
            out += rows.map { "[" + $0.map(Self.quoted).joined(separator: ",") + "]" }.joined(separator: ",\n")
            out += "]}"
        }
        return out + "}\n"
    }

    private func csv(_ columns: [String], _ rows: [[String]]) -> String {
        var text = columns.joined(separator: ",") + "\n"
        for row in rows { text += row.map(Self.csvField).joined(separator: ",") + "\n" }
        return text
    }

    static func t(_ time: SimTime) -> String { SimTime.format(time, decimals: 3) }
    static func t6(_ time: SimTime) -> String { SimTime.format(time, decimals: 6) }
    static func f(_ value: Double?) -> String { value.map { DecimalFormat.fixed($0, 3) } ?? "" }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        var out = "\""
        for c in value { out += c == "\"" ? "\"\"" : String(c) }
        return out + "\""
    }

    static func quoted(_ s: String) -> String { JSONString.literal(s) }
}
