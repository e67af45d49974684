import Scenario
import SimKernel
import Trace
import Traffic
import V2X

extension IncidentTimeline {
    /// The scenario a trace recorded (`meta.scenario_text`), for its road, freshness and recording levels.
    /// - Throws: ``Replay/Failure`` when the trace has no scenario text or it no longer loads.
    public static func scenario(of reader: TraceReader) throws -> Scenario {
        guard let text = reader.meta["scenario_text"] else {
            throw Replay.Failure(description: "\(reader.path): trace has no scenario_text, so its road and settings are unknown")
        }
        do {
            return try ScenarioLoader.load(text: text, path: "\(reader.path) (scenario_text)")
        } catch {
            throw Replay.Failure(description: error.description)
        }
    }

    /// Builds the timeline of `window` from `reader`'s rows.
    ///
    /// Beliefs are rebuilt the way the station builds them (docs/trace.md, "Incident timeline"): every
    /// CAM it accepted (or took unchecked) sets the belief about the station id it claims; beliefs
    /// older than `security.freshness` expire, and so do those about vehicles that left the road; every
    /// DENM it accepted adds a hazard unless that hazard is held or was refuted, a DENM rejected as
    /// implausible refutes and drops it, and warnings expire after `security.denm_validity`.
    ///
    /// - Parameter scenario: the recorded scenario (``scenario(of:)``).
    /// - Complexity: one indexed or scanning query per table, holding only the window's rows.
    /// - Throws: ``TraceError`` when the trace cannot be read.
    public static func build(_ reader: TraceReader, window: TimelineWindow, scenario: Scenario) throws -> IncidentTimeline {
        let road = Highway(config: scenario.road)
        let fcd = scenario.record.fcdInterval
        let freshness = scenario.security.freshness
        // A belief generated at g lives while g ≥ t − freshness, and it arrived after g, so
        // receptions from `from − freshness` on rebuild the table exactly at `from`; warnings live
        // far longer, and a refutation is never forgotten, so DENM receptions are read from the start.
        let heard = try reader.heardMessages(
            by: window.vehicles, from: max(.zero, window.from - freshness - scenario.step), to: window.to, denmFrom: .zero)
        let sent = try reader.messages(sentBy: window.vehicles, from: window.from, to: window.to)
        var people = Set(window.vehicles)
        for h in heard { if let s = h.sender { people.insert(s) } }
        // One FCD interval either side, so that every sample lies between two rows to interpolate.
        let truthRows = try reader.vehicles(people.sorted(), from: max(.zero, window.from - fcd), to: window.to + fcd)
        let truth = TruthIndex(truthRows)
        let decisions = try reader.decisions(window.vehicles, from: max(.zero, window.from - fcd), to: window.to)
        let shield = try Self.shieldColumn(reader)
        let shieldValues = try shield.map {
            try reader.decisionColumn($0, window.vehicles, from: max(.zero, window.from - fcd), to: window.to)
        } ?? [:]
        var context = RebuildContext(
            road: road, freshness: freshness, denmValidity: scenario.security.denmValidity,
            departedAfter: fcd + scenario.step, truth: truth, sampleTimes: window.sampleTimes)
        var vehicles: [VehicleTimeline] = []
        for id in window.vehicles {
            var timeline = VehicleTimeline(vehicle: id)
            if let first = truth.rows(of: id).first {
                timeline.policy = first.policy
                timeline.type = first.type
            }
            timeline.attacker = sent.first { $0.sender == id && $0.attacker != nil }?.attacker
            for m in sent where m.sender == id {
                timeline.events.append(TimelineEvent(
                    time: m.tGenerated, kind: .sent, messageID: m.messageID, messageType: m.messageType,
                    attacker: m.attacker, detail: "\(m.sizeBytes) B"))
            }
            context.rebuild(
                id, heard: heard.filter { $0.reception.receiverID == id }, window: window,
                decisions: decisions.filter { $0.vehicleID == id }, shield: shieldValues, into: &timeline)
            // Messages sent and heard at one instant stay in the order they were added (sent first).
            timeline.events = Self.stableSorted(timeline.events)
            vehicles.append(timeline)
        }
        return IncidentTimeline(
            window: window, sampleTimes: window.sampleTimes, vehicles: vehicles,
            missing: try Self.missing(reader, scenario: scenario, shieldColumn: shield),
            caveats: Self.caveats(scenario))
    }

    /// The decisions table's shield override column, when this trace's schema has one.
    static func shieldColumn(_ reader: TraceReader) throws -> String? {
        // `shield` (schema 7): the override bits; `shielded_accel_mps2` beside it is the shielded value, not an override.
        try reader.columns(of: "decisions")?.first { $0 == "shield" }
    }

    static func stableSorted(_ events: [TimelineEvent]) -> [TimelineEvent] {
        events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// What the recording left out, in the words an investigator needs.
    static func missing(_ reader: TraceReader, scenario: Scenario, shieldColumn: String?) throws -> [String] {
        var notes: [String] = []
        let level = reader.meta["record_receptions"] ?? "all"
        switch level {
        case "sample":
            notes.append("receptions: recorded at level sample (rate \(reader.meta["record_sample_rate"] ?? "?")): "
                + "only a sample of the accepted receptions is in the trace, so the neighbour tables and hazards below are incomplete "
                + "(every rejection is there)")
        case "rejected":
            notes.append("receptions: recorded at level rejected: no accepted reception is in the trace, "
                + "so no belief can be rebuilt (neighbour tables and hazards are empty); rejections are complete")
        case "none":
            notes.append("receptions: recorded at level none: nothing heard, no beliefs (only sent messages and truth)")
        default: break
        }
        if level == "all" || level == "sample", reader.meta["record_radio_losses"] == "false" {
            notes.append("receptions: frames lost on air are not recorded (record.radio_losses: false); `heard` lists delivered frames only")
        }
        if !reader.hasDecisions {
            notes.append("decisions: no decisions table (schema_version \(reader.meta["schema_version"] ?? "?")): what learned policies saw is unknown")
        } else if scenario.record.decisions == .none {
            notes.append("decisions: not recorded (record.decisions: none)")
        }
        if reader.hasDecisions, shieldColumn == nil {
            notes.append("decisions: this schema records no shield override (no shield column in the decisions table)")
        }
        if scenario.record.fcdInterval > TimelineWindow.sampleInterval {
            notes.append("vehicles: record.fcd is \(SimTime.format(scenario.record.fcdInterval, decimals: 3)) s, coarser than the "
                + "0.1 s samples: each sample shows the latest FCD row at or before it (its time is in truth_s); gaps and errors "
                + "use positions and speeds interpolated between the rows either side")
        }
        return notes
    }

    /// What a rebuild from complete rows still cannot show under this scenario's settings.
    static func caveats(_ scenario: Scenario) -> [String] {
        var notes: [String] = []
        let detects = scenario.security.verify == .full && scenario.security.detection.enabled
        if detects {
            notes.append("hazards: a warning the receiver dropped in its own review (its sensor refuted it, or its sender "
                + "was revoked) has no row, so the rebuilt belief may outlive the real one; the rejections of its later copies show the refutation")
            if scenario.security.pseudonymPeriod != nil {
                notes.append("neighbours: a belief replaced by linking a new pseudonym stays under its old station id until it "
                    + "expires (security.freshness): links have no row")
            }
        }
        return notes
    }
}

/// Every FCD row of the vehicles the timeline needs, by vehicle, for "the latest row at or before t".
struct TruthIndex {
    private var byVehicle: [UInt32: [VehicleRow]] = [:]

    init(_ rows: [VehicleRow]) {
        for row in rows { self.byVehicle[row.vehicleID, default: []].append(row) }
    }

    func rows(of vehicle: UInt32) -> [VehicleRow] { self.byVehicle[vehicle] ?? [] }

    /// The latest row of `vehicle` at or before `time` (binary search: rows are in time order).
    func latest(_ vehicle: UInt32?, atOrBefore time: SimTime) -> VehicleRow? {
        guard let vehicle, let rows = self.byVehicle[vehicle], !rows.isEmpty else { return nil }
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if rows[mid].time <= time { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : rows[low - 1]
    }

    /// Where `vehicle` was at `time` [m along the road] and how fast [m/s]: its FCD row at `time`, or
    /// (with `record.fcd` coarser than the samples) linear interpolation between the rows either side
    /// of it, or the latest row moved on at its speed when no later row exists.
    func state(_ vehicle: UInt32?, at time: SimTime, road: Highway) -> (position: Double, speed: Double)? {
        guard let vehicle, let rows = self.byVehicle[vehicle], let before = self.latest(vehicle, atOrBefore: time) else {
            return nil
        }
        if before.time == time { return (before.pos, before.speed) }
        let dt = (time - before.time).seconds
        guard let after = rows.first(where: { $0.time > time }) else {
            return (road.wrapped(before.pos + before.speed * dt), before.speed)
        }
        let f = dt / (after.time - before.time).seconds
        let position = road.wrapped(before.pos + road.forwardDistance(from: before.pos, to: after.pos) * f)
        return (position, before.speed + (after.speed - before.speed) * f)
    }
}
