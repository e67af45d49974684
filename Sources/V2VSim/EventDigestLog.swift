import SimKernel
import Trace
import V2VCrypto

/// The kinds of event folded into a run's event digest, as named in the `event_digests` table.
enum DigestedEventKind: Int, CaseIterable {
    case message, vehicleReception, rsuReception, incident, radioLoss, fault, uplink, block

    /// The `kind` column's text.
    var name: String {
        switch self {
        case .message: "message"
        case .vehicleReception: "vehicle_reception"
        case .rsuReception: "rsu_reception"
        case .incident: "incident"
        case .radioLoss: "radio_loss"
        case .fault: "rsu_fault"
        case .uplink: "uplink"
        case .block: "block"
        }
    }

    /// The kind of a `digest(tag:_:)` event.
    init(tag: UInt8) {
        switch tag {
        case 2: self = .vehicleReception
        case 3: self = .rsuReception
        case 4: self = .incident
        case 5: self = .radioLoss
        case 7: self = .fault
        default: self = .uplink
        }
    }
}

/// Splits the run's event digest per simulated second, so that a replay can say where it first differs:
/// at the end of each second that had events it yields the running SHA-256 (`all`) and, per event kind,
/// a count and a 64-bit FNV-1a of that second's events of the kind.
///
/// The running digest costs one `finalize` per second (the hasher finalises a copy of its state); the
/// per-kind checksums cost a few integer operations per byte, next to the SHA-256 the event already pays.
struct EventDigestLog: Codable {
    private static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3
    private static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// The second whose events are being folded, or nil before the first event.
    private var second: Int64?
    private var totalEvents = 0
    private var counts = [Int](repeating: 0, count: DigestedEventKind.allCases.count)
    private var checksums = [UInt64](repeating: Self.fnvOffset, count: DigestedEventKind.allCases.count)

    /// Rows of seconds that ended, waiting for ``takeFinishedSeconds()``.
    private var finished: [EventDigestRow] = []

    /// Everything but `finished`, which the event loop empties after every event, so it is empty
    /// whenever a checkpoint is taken.
    private enum CodingKeys: String, CodingKey {
        case second, totalEvents, counts, checksums
    }

    /// Whether rows wait for ``takeFinishedSeconds()``.
    var hasFinishedSeconds: Bool { !self.finished.isEmpty }

    /// Hands over the rows of seconds that ended.
    mutating func takeFinishedSeconds() -> [EventDigestRow] {
        defer { self.finished.removeAll(keepingCapacity: true) }
        return self.finished
    }

    /// Whether an event at `now` falls after the open second, which must then be closed (with the
    /// running digest as it stands, before that event) ahead of folding it.
    func endsSecond(at now: SimTime) -> Bool {
        guard let open = self.second else { return false }
        return now.nanoseconds / Self.nanosecondsPerSecond != open
    }

    /// Counts an event of `kind` at `now` and folds its bytes into its kind's checksum.
    mutating func fold(kind: DigestedEventKind, at now: SimTime, _ bytes: [UInt8]) {
        self.second = now.nanoseconds / Self.nanosecondsPerSecond
        self.counts[kind.rawValue] += 1
        self.totalEvents += 1
        var hash = self.checksums[kind.rawValue]
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* Self.fnvPrime
        }
        self.checksums[kind.rawValue] = hash
    }

    /// Ends the open second, if any (also at the end of the run).
    mutating func closeSecond(running: SHA256Hasher) {
        guard let second = self.second else { return }
        let start = SimTime(nanoseconds: second * Self.nanosecondsPerSecond)
        self.finished.append(EventDigestRow(secondStart: start, kind: "all", events: self.totalEvents, digest: running.finalize().hex))
        for kind in DigestedEventKind.allCases where self.counts[kind.rawValue] > 0 {
            self.finished.append(EventDigestRow(
                secondStart: start, kind: kind.name, events: self.counts[kind.rawValue],
                digest: Self.hex(self.checksums[kind.rawValue])))
        }
        self.second = nil
        self.counts = [Int](repeating: 0, count: DigestedEventKind.allCases.count)
        self.checksums = [UInt64](repeating: Self.fnvOffset, count: DigestedEventKind.allCases.count)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for k in stride(from: 60, through: 0, by: -4) { out.append(digits[Int((value >> UInt64(k)) & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
