import Ledger
import SimKernel
import V2X

/// A trace loaded once, in compact columns, for the Visualizer: the overview (layout, vehicles,
/// blocks, incidents, charts, space-time density) and any time window of FCD, messages and their
/// receptions, answered by binary search.
///
/// Built only through `TraceReader`'s row APIs, one streaming pass per table; its size is bounded
/// by ``VisualizerLimits`` (about 24 bytes per reception, 40 per message, 30 per FCD sample).
public struct VisualizerIndex: Sendable {
    /// The trace's meta table.
    public let meta: [String: String]
    /// The road and RSUs.
    public let layout: VisualizerLayout
    let limits: VisualizerLimits

    // FCD, ordered by time: samples of fcdTimes[i] are fcdOffsets[i] ..< fcdOffsets[i + 1].
    let fcdTimes: [Int64]
    let fcdOffsets: [Int]
    let fcdID: [UInt32]
    let fcdX: [Float], fcdY: [Float], fcdAngle: [Float], fcdSpeed: [Float], fcdPos: [Float]
    let fcdLane: [Int16]

    // Messages, ordered by generation time; receptions of message i are recOffsets[i] ..< recOffsets[i + 1].
    let msgID: [UInt64]
    let msgSender: [UInt32]
    let msgType: [UInt8]
    let msgPseudonym: [Int32]
    let msgSignerKind: [UInt8]
    let msgGenerated: [Int64], msgSigned: [Int64], msgTxStart: [Int64], msgTxEnd: [Int64]
    let msgSize: [Int32]
    let msgAttacker: [Int16]
    let msgClaimX: [Float], msgClaimY: [Float], msgClaimSpeed: [Float], msgClaimHeading: [Float]
    let recOffsets: [Int]
    let recKind: [UInt8]
    let recReceiver: [UInt32]
    /// Reception time after the message's generation [µs].
    let recDelayMicros: [Int32]
    let recDistance: [Float]
    let recOutcome: [UInt16]
    /// Latency [µs], -1 when the reception was not usable.
    let recLatencyMicros: [Int32]
    let recActed: [Bool]

    /// Label tables that the codes above index.
    let typeLabels: [String]
    let attackerLabels: [String]
    let outcomeLabels: [String]
    let pseudonyms: [String]

    /// Text of the overview JSON (computed at load).
    public let overviewJSON: String

    /// First and last FCD sample time.
    public var start: SimTime { SimTime(nanoseconds: self.fcdTimes.first ?? 0) }
    public var end: SimTime { SimTime(nanoseconds: self.fcdTimes.last ?? 0) }

    /// FCD samples, messages and receptions held.
    public var counts: (fcd: Int, messages: Int, receptions: Int) {
        (self.fcdID.count, self.msgID.count, self.recKind.count)
    }

    /// Loads `reader`'s trace.
    /// - Parameters:
    ///   - layout: the road from the scenario; nil infers it from the FCD.
    /// - Throws: ``TraceError`` on a read failure; ``VisualizerError`` (`.tooLarge`) past `limits`.
    public init(reader: TraceReader, layout: VisualizerLayout?, limits: VisualizerLimits = .standard) throws {
        self.meta = reader.meta
        self.limits = limits
        var charts = VisualizerCharts()

        // FCD.
        var times: [Int64] = [], offsets: [Int] = []
        var ids: [UInt32] = [], xs: [Float] = [], ys: [Float] = [], angles: [Float] = [], speeds: [Float] = []
        var poss: [Float] = [], lanes: [Int16] = []
        var vehicles: [UInt32: VehicleInfo] = [:]
        var ordered = true
        var maxPos = 0.0, maxLane = 0, radiusMin = Double.infinity, radiusMax = 0.0
        try reader.forEachVehicle { v in
            guard ids.count < limits.maxFCDSamples else {
                throw VisualizerError(.tooLarge, "\(reader.path): more than \(limits.maxFCDSamples) FCD samples; the Visualizer cannot hold this trace")
            }
            let t = v.time.nanoseconds
            if times.last != t {
                if let last = times.last, t < last { ordered = false }
                times.append(t)
                offsets.append(ids.count)
            }
            ids.append(v.vehicleID)
            xs.append(Float(v.x)); ys.append(Float(v.y)); angles.append(Float(v.angleDeg)); speeds.append(Float(v.speed))
            poss.append(Float(v.pos)); lanes.append(Int16(clamping: v.lane))
            maxPos = max(maxPos, v.pos)
            maxLane = max(maxLane, v.lane)
            let r = (v.x * v.x + v.y * v.y).squareRoot()
            radiusMin = min(radiusMin, r)
            radiusMax = max(radiusMax, r)
            if vehicles[v.vehicleID] == nil {
                vehicles[v.vehicleID] = VehicleInfo(id: v.vehicleID, type: v.type, policy: v.policy, firstSeen: t, lastSeen: t)
            } else {
                vehicles[v.vehicleID]!.lastSeen = t
            }
        }
        guard ordered else {
            throw VisualizerError(.badRequest, "\(reader.path): vehicles table is not in time order")
        }
        offsets.append(ids.count)
        self.fcdTimes = times
        self.fcdOffsets = offsets
        self.fcdID = ids
        self.fcdX = xs; self.fcdY = ys; self.fcdAngle = angles; self.fcdSpeed = speeds; self.fcdPos = poss
        self.fcdLane = lanes
        let ringLike = !ids.isEmpty && radiusMax - radiusMin < 20 && radiusMin > 5
        let road = layout ?? VisualizerLayout.inferred(maxPosition: maxPos, maxLane: maxLane, ringLike: ringLike)
        self.layout = road
        charts.prepare(end: times.last ?? 0)

        // Messages.
        var labels = LabelTable(), attackers = LabelTable(), pseudonymTable = LabelTable()
        var m = MessageColumns()
        try reader.forEachMessage { row in
            guard m.id.count < limits.maxMessages else {
                throw VisualizerError(.tooLarge, "\(reader.path): more than \(limits.maxMessages) messages; the Visualizer cannot hold this trace")
            }
            m.append(row, type: labels.code(row.messageType), pseudonym: pseudonymTable.code(row.pseudonym),
                     attacker: row.attacker.map { attackers.code($0) } ?? -1)
            if let kind = row.attacker { vehicles[row.sender]?.attacker = kind }
            vehicles[row.sender]?.pseudonyms.insert(row.pseudonym)
        }
        m.sortByGeneration()
        let indexOfMessage = MessageLookup(ids: m.id)

        // Receptions: collected in trace order, then grouped by message (a counting sort).
        var outcomes = LabelTable()
        var r = ReceptionColumns()
        try reader.forEachReception { row in
            guard r.kind.count < limits.maxReceptions else {
                throw VisualizerError(.tooLarge, "\(reader.path): more than \(limits.maxReceptions) receptions; the Visualizer cannot hold this trace")
            }
            guard let i = indexOfMessage.index(of: row.messageID) else { return }
            let label = Self.outcomeLabel(row)
            r.append(row, message: Int32(i), generated: m.generated[i], outcome: UInt16(clamping: outcomes.code(label)))
            charts.reception(row, label: label, txStart: m.txStart[i], txEnd: m.txEnd[i])
            charts.stages(generated: m.generated[i], signed: m.signed[i], txStart: m.txStart[i], txEnd: m.txEnd[i], row: row)
        }
        self.recOffsets = r.groupByMessage(messageCount: m.id.count)

        self.msgID = m.id; self.msgSender = m.sender; self.msgType = m.type; self.msgPseudonym = m.pseudonym
        self.msgSignerKind = m.signerKind
        self.msgGenerated = m.generated; self.msgSigned = m.signed; self.msgTxStart = m.txStart; self.msgTxEnd = m.txEnd
        self.msgSize = m.size; self.msgAttacker = m.attacker
        self.msgClaimX = m.claimX; self.msgClaimY = m.claimY; self.msgClaimSpeed = m.claimSpeed; self.msgClaimHeading = m.claimHeading
        self.recKind = r.kind; self.recReceiver = r.receiver; self.recDelayMicros = r.delay; self.recDistance = r.distance
        self.recOutcome = r.outcome; self.recLatencyMicros = r.latency; self.recActed = r.acted
        self.typeLabels = labels.labels
        self.attackerLabels = attackers.labels
        self.outcomeLabels = outcomes.labels
        self.pseudonyms = pseudonymTable.labels

        // Ledger: blocks (timeline ticks), anchoring latency, registered models.
        var blocks: [BlockRow] = []
        var blockCount = 0
        try reader.forEachBlock { b in
            blockCount += 1
            if blocks.count < limits.overviewBlocks { blocks.append(b) }
        }
        try reader.forEachAnchor { a in charts.anchor(a) }
        var models: [String: String] = [:]
        try reader.forEachLeaf { leaf in
            guard leaf.kind == LeafKind.registration.description,
                  let parsed = try? LedgerLeaf(encoded: leaf.leaf),
                  case let .registration(registration)? = try? parsed.content() else { return }
            models[CertificateDigest(raw: registration.certificate).hex] = registration.model.hex
        }
        for id in vehicles.keys {
            vehicles[id]!.models = Set(vehicles[id]!.pseudonyms.compactMap { models[$0] })
        }
        var incidents: [IncidentRow] = []
        var incidentCount = 0
        try reader.forEachIncident { i in
            incidentCount += 1
            if incidents.count < limits.overviewIncidents { incidents.append(i) }
        }

        let density = SpaceTimeDensity(times: times, offsets: offsets, positions: poss, speeds: speeds, length: road.length)
        self.overviewJSON = VisualizerOverview.json(
            meta: reader.meta, layout: road, times: times, vehicles: vehicles.values.sorted { $0.id < $1.id },
            blocks: blocks, blockCount: blockCount, incidents: incidents, incidentCount: incidentCount,
            charts: charts, density: density, limits: limits)
    }

    /// The label of a reception's outcome: `accepted`, `unchecked`, `rejected:REASON` or `lost:RADIO`.
    public static func outcomeLabel(_ row: ReceptionRow) -> String {
        if row.radioOutcome != "received" { return "lost:" + row.radioOutcome }
        switch row.verifyOutcome {
        case "accepted", "unchecked": return row.verifyOutcome
        default: return "rejected:" + (row.reason.isEmpty ? row.verifyOutcome : row.reason)
        }
    }
}

/// What the overview lists per vehicle; `attacker` is the ground truth from the messages table.
struct VehicleInfo {
    var id: UInt32
    var type: String
    var policy: String
    var firstSeen: Int64
    var lastSeen: Int64
    var attacker: String? = nil
    var pseudonyms: Set<String> = []
    var models: Set<String> = []
}

/// Strings to small integer codes, in first-seen order (deterministic for a given trace).
struct LabelTable {
    private(set) var labels: [String] = []
    private var codes: [String: Int] = [:]

    mutating func code(_ label: String) -> Int {
        if let c = self.codes[label] { return c }
        self.codes[label] = self.labels.count
        self.labels.append(label)
        return self.labels.count - 1
    }
}

/// Message ID → position in the generation-ordered columns: direct when the IDs are consecutive
/// (as the simulator assigns them), a dictionary otherwise.
struct MessageLookup {
    private let first: UInt64
    private let dense: Bool
    private let table: [UInt64: Int]

    init(ids: [UInt64]) {
        var dense = true
        for (i, id) in ids.enumerated() where id != (ids.first ?? 0) &+ UInt64(i) {
            dense = false
            break
        }
        self.first = ids.first ?? 0
        self.dense = dense
        var table: [UInt64: Int] = [:]
        if !dense { for (i, id) in ids.enumerated() { table[id] = i } }
        self.table = table
        self.count = ids.count
    }

    private let count: Int

    func index(of id: UInt64) -> Int? {
        if self.dense {
            guard id >= self.first, id - self.first < UInt64(self.count) else { return nil }
            return Int(id - self.first)
        }
        return self.table[id]
    }
}
