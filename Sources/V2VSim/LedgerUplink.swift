import Histogram
import Ledger
import SimKernel
import V2VCrypto
import V2X

/// The vehicles' side of the uplink to the RSUs: each vehicle's bounded queue of ledger leaves
/// (registrations, misbehaviour reports) waiting for an RSU's acknowledgement, the retry policy's
/// state, the acknowledgement frames on air, and the uplink's counters.
///
/// Leaves cross the radio: a vehicle signs them into an uplink frame that contends for the medium
/// with its beacons (Simulation+Uplink.swift); an RSU that hears and verifies the frame puts the
/// leaves into its mempool and answers with a signed acknowledgement frame. The policy is
/// `UplinkConfig`'s: at most one frame per vehicle per traffic step, up to `bundle` due leaves,
/// retry after `ack_timeout · backoff^(n−1)`, give up after `max_attempts` transmissions.
struct LedgerUplink: Codable {
    /// One leaf in a vehicle's queue.
    struct Entry: Codable {
        let leaf: LedgerLeaf
        /// The first 8 bytes of the leaf hash, as acknowledgements name it.
        let hash: UInt64
        /// When the vehicle generated the leaf (for the generation → mempool delay).
        let created: SimTime
        /// Transmissions so far.
        var attempts = 0
        /// When the leaf may go out (again).
        var due: SimTime
        /// Ground truth: whether some RSU's mempool took it (a lost acknowledgement leaves it queued).
        var reached = false
    }

    /// An RSU's acknowledgement frame on air, by its frame id.
    struct AckFrame: Codable {
        let rsu: Int
        /// The vehicle the acknowledgement is for (routing of the simulation; on the air it is named
        /// by its certificate digest).
        let vehicle: Int
        let envelope: SignedEnvelope
    }

    let config: UplinkConfig

    /// Queued leaves per vehicle (by raw id), oldest first.
    private(set) var queues: [[Entry]] = []
    /// Per vehicle, the leaf hashes of its uplink frame being signed or waiting for the medium; nil
    /// when it has none (a vehicle has at most one uplink frame in the MAC at a time).
    var framePending: [[UInt64]?] = []
    /// Vehicles with queued leaves, ascending raw id (so sending runs in a fixed order).
    private(set) var waiting: [Int] = []
    /// Acknowledgements on air.
    var acksOnAir: [UInt64: AckFrame] = [:]
    /// The next acknowledgement frame's number (its frame id is `ackFrameBase | number`).
    var nextAck: UInt64 = 0
    /// Frame ids of acknowledgements: the top bit set, so they never meet a message id.
    static let ackFrameBase: UInt64 = 1 << 63

    // Counters (summary and `ledger-summary.csv`).
    /// Leaves vehicles generated.
    var submitted = 0
    /// Leaves that reached an RSU's mempool (counted once per leaf), and the delay from generation.
    var delivered = 0
    var delay = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    /// Leaves whose acknowledgement came back (removed from the queue).
    var acknowledged = 0
    /// Uplink frames put on air, leaf transmissions in them, and those that were retransmissions.
    var framesSent = 0
    var frameBytes = 0
    var leafTransmissions = 0
    var retries = 0
    /// Leaves given up after `maxAttempts` transmissions without an acknowledgement.
    var gaveUp = 0
    /// Leaves refused by a full queue.
    var queueFull = 0
    /// Leaves lost because their vehicle left the road with them still queued.
    var lostOffRoad = 0
    /// Uplink frames the MAC refused or replaced before they got the medium (sent again later).
    var macDeferrals = 0
    /// Uplink frames RSUs heard and rejected, by reason (`bad_signature` among them).
    var rejectedAtRSU: [RejectionReason: Int] = [:]
    /// Leaves an RSU took again after an earlier copy reached a mempool (a lost acknowledgement).
    var duplicates = 0
    /// Acknowledgement frames sent, heard by their vehicle, lost on the way, and rejected by it.
    var acksSent = 0
    var acksReceived = 0
    var acksLost = 0
    var acksRejected = 0

    init(config: UplinkConfig) {
        self.config = config
    }

    /// Leaves still queued at some vehicle.
    var waitingCount: Int { self.waiting.reduce(0) { $0 + self.queues[$1].count } }

    /// Everything dropped: given up, refused by a full queue, lost with a departing vehicle.
    var dropped: Int { self.gaveUp + self.queueFull + self.lostOffRoad }

    mutating func grow(to count: Int) {
        while self.queues.count < count {
            self.queues.append([])
            self.framePending.append(nil)
        }
    }

    /// Queues `leaf` generated now by vehicle `raw`, or counts it refused when the queue is full.
    mutating func enqueue(_ leaf: LedgerLeaf, vehicle raw: Int, now: SimTime) {
        self.submitted += 1
        guard self.queues[raw].count < self.config.queueCapacity else {
            self.queueFull += 1
            return
        }
        if self.queues[raw].isEmpty {
            let at = self.waiting.firstIndex { $0 > raw } ?? self.waiting.endIndex
            self.waiting.insert(raw, at: at)
        }
        self.queues[raw].append(Entry(leaf: leaf, hash: Self.shortHash(leaf), created: now, due: now))
    }

    /// The first 8 bytes of `leaf`'s hash as a little-endian u64 (what an acknowledgement carries).
    static func shortHash(_ leaf: LedgerLeaf) -> UInt64 {
        leaf.leafHash.bytes.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// Vehicle `raw` left the road: its queue is lost (counted).
    mutating func vehicleLeft(_ raw: Int) {
        self.lostOffRoad += self.queues[raw].count
        self.remove(vehicle: raw)
    }

    /// Drops vehicle `raw`'s leaves that used up their attempts, and returns the leaves due for its
    /// next frame (oldest first, at most `bundle`), or nothing while a frame of it is still pending.
    mutating func dueLeaves(vehicle raw: Int, now: SimTime) -> [Entry] {
        guard self.framePending[raw] == nil else { return [] }
        let before = self.queues[raw].count
        self.queues[raw].removeAll { $0.attempts >= self.config.maxAttempts && $0.due <= now }
        self.gaveUp += before - self.queues[raw].count
        if self.queues[raw].isEmpty {
            self.remove(vehicle: raw)
            return []
        }
        return Array(self.queues[raw].lazy.filter { $0.due <= now }.prefix(self.config.bundle))
    }

    /// The uplink frame of vehicle `raw` went on air at `now` carrying `hashes`: each leaf counts
    /// a transmission and is due again after the retry delay.
    mutating func transmitted(vehicle raw: Int, hashes: [UInt64], bytes: Int, now: SimTime) {
        self.framePending[raw] = nil
        self.framesSent += 1
        self.frameBytes += bytes
        for k in self.queues[raw].indices where hashes.contains(self.queues[raw][k].hash) {
            self.queues[raw][k].attempts += 1
            self.leafTransmissions += 1
            if self.queues[raw][k].attempts > 1 { self.retries += 1 }
            self.queues[raw][k].due = now + self.config.retryDelay(afterAttempt: self.queues[raw][k].attempts)
        }
    }

    /// An RSU's mempool took `leaf` from vehicle `raw` at `time`: the first time, it counts as
    /// delivered with its delay; later copies count as duplicates.
    mutating func reachedRSU(_ leaf: LedgerLeaf, vehicle raw: Int, at time: SimTime) {
        let hash = Self.shortHash(leaf)
        guard self.queues.indices.contains(raw),
              let k = self.queues[raw].firstIndex(where: { $0.hash == hash && $0.leaf == leaf }),
              !self.queues[raw][k].reached
        else {
            self.duplicates += 1
            return
        }
        self.queues[raw][k].reached = true
        self.delivered += 1
        self.delay.record(UInt64(max(0, (time - self.queues[raw][k].created).nanoseconds / 1_000)))
    }

    /// Vehicle `raw` heard a valid acknowledgement for `hashes`: those leaves leave its queue.
    mutating func acknowledged(vehicle raw: Int, hashes: [UInt64]) {
        guard self.queues.indices.contains(raw), !self.queues[raw].isEmpty else { return }
        let before = self.queues[raw].count
        self.queues[raw].removeAll { hashes.contains($0.hash) }
        self.acknowledged += before - self.queues[raw].count
        if self.queues[raw].isEmpty { self.remove(vehicle: raw) }
    }

    /// The generation → mempool delay at percentile `p` [ms]; nil before any delivery.
    func delayPercentile(_ p: Double) -> Double? {
        guard self.delay.totalCount > 0 else { return nil }
        return Double(self.delay.valueAtPercentile(p)) / 1_000
    }

    private mutating func remove(vehicle raw: Int) {
        self.queues[raw] = []
        self.waiting.removeAll { $0 == raw }
    }
}
