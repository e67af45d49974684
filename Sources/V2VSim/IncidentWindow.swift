import SimKernel
import Trace

/// What the vehicles involved in an incident sent, heard and did in the seconds before it: the
/// investigator's view of a trace.
public struct IncidentWindow: Sendable {
    /// One vehicle's side of the story.
    public struct VehicleStory: Sendable {
        public let vehicle: UInt32
        public var messagesSent = 0
        /// Receptions by this vehicle, by verify outcome ("accepted", "rejected", "unchecked").
        public var heard: [String: Int] = [:]
        /// Rejections by reason code.
        public var rejectedByReason: [String: Int] = [:]
        /// Receptions that changed its belief about its leader.
        public var actedOn = 0
        /// Distinct senders it accepted messages from.
        public var acceptedSenders: Set<UInt32> = []
        /// First and last FCD sample in the window: (time, speed, accel, lane, x).
        public var first: VehicleRow?
        public var last: VehicleRow?
        /// Strongest deceleration seen in the window [m/s²], with its time.
        public var hardestBraking: (time: SimTime, accel: Double)?
    }

    public let incident: IncidentRow
    public let from: SimTime
    public let to: SimTime
    public var stories: [VehicleStory]

    /// Builds the window of `seconds` before `incident` (and up to it) from the trace.
    public static func build(_ reader: TraceReader, incident: IncidentRow, seconds: Double) throws -> IncidentWindow {
        let to = incident.time
        let from = max(.zero, to - SimTime(seconds: seconds))
        var ids = [incident.vehicleA]
        if let b = incident.vehicleB { ids.append(b) }
        var stories = ids.map { VehicleStory(vehicle: $0) }
        func index(_ id: UInt32) -> Int? { ids.firstIndex(of: id) }
        let inWindow = { (t: SimTime) in t >= from && t <= to }

        var messageSender: [UInt64: UInt32] = [:]
        try reader.forEachMessage { m in
            guard inWindow(m.tGenerated) || (m.tGenerated >= from - .seconds(3) && m.tGenerated <= to) else { return }
            messageSender[m.messageID] = m.sender
            if inWindow(m.tGenerated), let i = index(m.sender) { stories[i].messagesSent += 1 }
        }
        try reader.forEachReception { r in
            guard r.receiverKind == "vehicle", inWindow(r.tReceived), let i = index(r.receiverID) else { return }
            stories[i].heard[r.verifyOutcome, default: 0] += 1
            if !r.reason.isEmpty { stories[i].rejectedByReason[r.reason, default: 0] += 1 }
            if r.actedOn { stories[i].actedOn += 1 }
            if r.verifyOutcome != "rejected", let s = messageSender[r.messageID] { stories[i].acceptedSenders.insert(s) }
        }
        try reader.forEachVehicle { v in
            guard inWindow(v.time), let i = index(v.vehicleID) else { return }
            if stories[i].first == nil { stories[i].first = v }
            stories[i].last = v
            if v.accel < (stories[i].hardestBraking?.accel ?? 0) { stories[i].hardestBraking = (v.time, v.accel) }
        }
        // A hard-braking incident is its own evidence of who braked and how hard: with `record.fcd`
        // coarser than the step, the FCD samples of the window may all fall before the braking began.
        if incident.kind == "hard_braking", let i = index(incident.vehicleA),
           -incident.value < (stories[i].hardestBraking?.accel ?? 0) {
            stories[i].hardestBraking = (incident.time, -incident.value)
        }
        return IncidentWindow(incident: incident, from: from, to: to, stories: stories)
    }
}
