import SimKernel
import Trace

/// A trace's incidents as data: one record per `incidents` row with the key values an investigator
/// compares first (time to collision, braking, closing speed), derived from the trace alone.
///
/// `id` is the row's position in the `incidents` table (rowid order, from 0), the number that
/// `v2vsim replay --incident N` takes; it never changes for a given trace.
public struct IncidentRecord: Sendable, Equatable {
    /// Position in the `incidents` table, from 0.
    public var id: Int
    /// `collision`, `near_miss` or `hard_braking`.
    public var kind: String
    /// When the incident began.
    public var time: SimTime
    /// The (following) vehicle.
    public var vehicleA: UInt32
    /// The other vehicle (or a hazard's pseudo id), if any.
    public var vehicleB: UInt32?
    /// The recorded value and what it measures (`ttc_s`, `overlap_m`, `decel_mps2`).
    public var value: Double
    public var detail: String
    /// Smallest time to collision [s] of this pair in the lookback window up to the incident: 0 for a
    /// collision, else the smallest near-miss value recorded for the pair; nil for one-vehicle incidents.
    public var minTTC: Double?
    /// Hardest deceleration [m/s², positive] of the involved vehicles' FCD samples in the window (and the
    /// recorded value of a hard-braking incident); nil without samples.
    public var maxDeceleration: Double?
    /// `speed(a) − speed(b)` [m/s] at the last FCD sample of both at or before the incident; a hazard
    /// counts as standing still. nil without samples or for one-vehicle incidents.
    public var closingSpeed: Double?

    /// Creates a record; see the properties for units.
    public init(
        id: Int, kind: String, time: SimTime, vehicleA: UInt32, vehicleB: UInt32?, value: Double, detail: String,
        minTTC: Double?, maxDeceleration: Double?, closingSpeed: Double?
    ) {
        self.id = id
        self.kind = kind
        self.time = time
        self.vehicleA = vehicleA
        self.vehicleB = vehicleB
        self.value = value
        self.detail = detail
        self.minTTC = minTTC
        self.maxDeceleration = maxDeceleration
        self.closingSpeed = closingSpeed
    }
}

/// Builds ``IncidentRecord``s from a trace in two streaming passes (incidents, then FCD).
public enum IncidentReport {
    /// Hazards take pseudo ids counted down from `UInt32.max` (see `Hazard.pseudoID`); no vehicle gets one
    /// this high, so ids above this bound are hazards.
    static let hazardIDFloor: UInt32 = UInt32.max - 65_535

    /// The incidents of the trace `reader` opened, with key values over `lookback` before each.
    /// - Complexity: O(incidents + FCD rows × incidents per vehicle); memory O(incidents).
    /// - Throws: ``TraceError`` when the trace cannot be read.
    public static func build(_ reader: TraceReader, lookback: SimTime = .seconds(10)) throws -> [IncidentRecord] {
        let rows = try reader.incidents()
        var records = rows.enumerated().map { n, row in
            IncidentRecord(
                id: n, kind: row.kind, time: row.time, vehicleA: row.vehicleA, vehicleB: row.vehicleB,
                value: row.value, detail: row.detail, minTTC: nil,
                maxDeceleration: row.kind == "hard_braking" ? row.value : nil, closingSpeed: nil)
        }
        Self.foldPairIncidents(rows, into: &records, lookback: lookback)
        var byVehicle: [UInt32: [Int]] = [:]
        for record in records {
            byVehicle[record.vehicleA, default: []].append(record.id)
            if let b = record.vehicleB { byVehicle[b, default: []].append(record.id) }
        }
        // The last sample at or before each incident, per side: (time, speed).
        var lastA = [(SimTime, Double)?](repeating: nil, count: records.count)
        var lastB = [(SimTime, Double)?](repeating: nil, count: records.count)
        try reader.forEachVehicle { sample in
            guard let ids = byVehicle[sample.vehicleID] else { return }
            for id in ids {
                let incident = records[id]
                guard sample.time <= incident.time, sample.time >= incident.time - lookback else { continue }
                if sample.accel < 0, -sample.accel > (records[id].maxDeceleration ?? 0) {
                    records[id].maxDeceleration = -sample.accel
                }
                if sample.vehicleID == incident.vehicleA { lastA[id] = (sample.time, sample.speed) }
                if sample.vehicleID == incident.vehicleB { lastB[id] = (sample.time, sample.speed) }
            }
        }
        for id in records.indices {
            guard let b = records[id].vehicleB, let a = lastA[id] else { continue }
            if b >= Self.hazardIDFloor {
                records[id].closingSpeed = a.1
            } else if let other = lastB[id] {
                records[id].closingSpeed = a.1 - other.1
            }
        }
        return records
    }

    /// Sets `minTTC` of every two-party incident from the collisions and near misses of the same pair
    /// within `lookback` before it (itself included).
    private static func foldPairIncidents(_ rows: [IncidentRow], into records: inout [IncidentRecord], lookback: SimTime) {
        var history: [UInt64: [(SimTime, Double)]] = [:]
        for (n, row) in rows.enumerated() {
            guard let b = row.vehicleB else { continue }
            let key = UInt64(row.vehicleA) << 32 | UInt64(b)
            let ttc: Double? = switch row.kind {
            case "collision": 0
            case "near_miss": row.value
            default: nil
            }
            if let ttc { history[key, default: []].append((row.time, ttc)) }
            // Only the window is kept, so a long-lived pair's history stays small.
            let earlier = (history[key] ?? []).filter { $0.0 <= row.time && $0.0 >= row.time - lookback }
            history[key] = earlier
            records[n].minTTC = earlier.map(\.1).min()
        }
    }
}
