import SimKernel
import Trace

/// An incident's window in the recording beside the same window re-run from a checkpoint with
/// changed settings (`v2vsim replay --incident N --set ...`).
public struct WhatIfComparison: Sendable {
    /// One side (the recording or the what-if) over the window, for the incident's vehicles.
    public struct Side: Sendable, Equatable {
        /// Whether an incident of the same kind between the same vehicles happens in the window.
        public var incidentHappens = false
        /// When it happens (the first such incident in the window).
        public var incidentTime: SimTime?
        /// Whether either vehicle is in a collision in the window.
        public var collision = false
        /// Smallest time to collision [s] of the incident's vehicles (0 for a collision).
        public var minTTC: Double?
        /// Hardest deceleration [m/s², positive] of the incident's vehicles' FCD samples.
        public var hardestBraking: Double?
        /// Every incident in the window, by kind (all vehicles).
        public var incidentsByKind: [String: Int] = [:]
        /// Receptions by the incident's vehicles, by verify outcome, and rejections by reason.
        public var receptionsByOutcome: [String: Int] = [:]
        public var rejectedByReason: [String: Int] = [:]
        /// Receptions by the incident's vehicles that changed what they believed.
        public var actedOn = 0
    }

    public var incidentID: Int
    public var incident: IncidentRow
    /// The changes (`FIELD=VALUE`) the what-if ran with.
    public var changes: [String]
    /// Where both sides start (the checkpoint) and end.
    public var from: SimTime
    public var to: SimTime
    public var baseline: Side
    public var whatIf: Side
    /// Receptions by the incident's vehicles of the same message (by id) that the two sides judged
    /// differently (accepted in one, rejected in the other, ...), and those only one side has.
    public var judgedDifferently = 0
    public var onlyInOneSide = 0

    /// Reads both sides from their traces.
    /// - Throws: ``TraceError`` when a trace cannot be read.
    public static func build(
        incidentID: Int, incident: IncidentRow, changes: [String], baseline: TraceReader, whatIf: TraceReader,
        from: SimTime, to: SimTime
    ) throws -> WhatIfComparison {
        var involved: Set<UInt32> = [incident.vehicleA]
        if let b = incident.vehicleB { involved.insert(b) }
        var outcomesA: [ReceptionKey: String] = [:]
        var outcomesB: [ReceptionKey: String] = [:]
        let a = try Self.side(baseline, incident: incident, involved: involved, from: from, to: to, outcomes: &outcomesA)
        let b = try Self.side(whatIf, incident: incident, involved: involved, from: from, to: to, outcomes: &outcomesB)
        var differently = 0
        var onlyOne = 0
        for (key, outcome) in outcomesA {
            if let other = outcomesB[key] { if other != outcome { differently += 1 } } else { onlyOne += 1 }
        }
        for key in outcomesB.keys where outcomesA[key] == nil { onlyOne += 1 }
        return WhatIfComparison(
            incidentID: incidentID, incident: incident, changes: changes, from: from, to: to, baseline: a, whatIf: b,
            judgedDifferently: differently, onlyInOneSide: onlyOne)
    }

    struct ReceptionKey: Hashable {
        var message: UInt64
        var receiver: UInt32
    }

    private static func side(
        _ reader: TraceReader, incident: IncidentRow, involved: Set<UInt32>, from: SimTime, to: SimTime,
        outcomes: inout [ReceptionKey: String]
    ) throws -> Side {
        var side = Side()
        let window = from...to
        try reader.forEachIncidentRow(inTime: window) { row in
            side.incidentsByKind[row.kind, default: 0] += 1
            let touches = involved.contains(row.vehicleA) || row.vehicleB.map(involved.contains) == true
            guard touches else { return }
            if row.kind == incident.kind && row.vehicleA == incident.vehicleA && row.vehicleB == incident.vehicleB
                && !side.incidentHappens
            {
                side.incidentHappens = true
                side.incidentTime = row.time
            }
            if row.kind == "collision" {
                side.collision = true
                side.minTTC = 0
            } else if row.kind == "near_miss" {
                side.minTTC = min(side.minTTC ?? .infinity, row.value)
            }
        }
        try reader.forEachVehicleRow(inTime: window) { row in
            guard involved.contains(row.vehicleID), row.accel < 0 else { return }
            side.hardestBraking = max(side.hardestBraking ?? 0, -row.accel)
        }
        try reader.forEachReceptionRow(inTime: window) { row in
            guard row.receiverKind == "vehicle", involved.contains(row.receiverID) else { return }
            side.receptionsByOutcome[row.verifyOutcome, default: 0] += 1
            if !row.reason.isEmpty { side.rejectedByReason[row.reason, default: 0] += 1 }
            if row.actedOn { side.actedOn += 1 }
            outcomes[ReceptionKey(message: row.messageID, receiver: row.receiverID)] = row.verifyOutcome
        }
        return side
    }
}
