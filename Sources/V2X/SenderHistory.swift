import SimKernel

/// What one receiver remembers about one sender (station id) for misbehaviour detection: its
/// latest claim, its Kalman track, and the doubt of its recent messages, from which the per-sender
/// decision is taken. Kept for `historyRetention` after the sender was last heard, longer than a
/// belief lives (`freshness`): a car whose beacons were lost for a while is not new when heard
/// again, so it cannot "appear suddenly".
struct SenderHistory: Sendable, Codable {
    /// Most doubts a window holds: a flooding sender cannot make the window grow without bound.
    static let windowCapacity = 64

    /// The sender's latest claim, plausible or not, and when it was generated.
    var last: ClaimRecord
    /// When the receiver first heard this station.
    let firstHeard: SimTime
    /// When the receiver last heard it (verification done).
    var lastHeard: SimTime
    /// Its track, built from claims that continued it.
    var track: KalmanTrack?
    /// The latest claim the track took: while the track is broken, claims are held to what is
    /// reachable from it.
    var trusted: ClaimRecord?
    /// Set when a claim failed a check against the sender's previous claim or its track: from then
    /// on the track takes no claim until one is reachable from the last claim it took (`trusted`),
    /// so a sender that jumped into a lie consistent with itself (a frozen position) stays off its
    /// track, while an honest car judged wrongly once is back on it at its next beacon.
    var trackBroken = false
    /// Doubt (1 − fused confidence) of its recent messages, oldest first.
    /// One message's doubt and when it was noted (a struct, not a tuple, so that checkpoints encode it).
    struct Doubt: Sendable, Codable {
        var time: SimTime
        var doubt: Double
    }

    private(set) var doubts: [Doubt] = []
    /// When this receiver last reported the sender.
    var lastReported: SimTime?

    init(last: ClaimRecord, heardAt time: SimTime) {
        self.last = last
        self.firstHeard = time
        self.lastHeard = time
    }

    /// Adds one message's doubt at `time`, dropping what fell out of the window.
    mutating func note(doubt: Double, at time: SimTime, window: SimTime) {
        self.doubts.removeAll { $0.time < time - window }
        if self.doubts.count >= Self.windowCapacity { self.doubts.removeFirst() }
        self.doubts.append(Doubt(time: time, doubt: doubt))
    }

    /// Empties the doubt window without touching its buffer's other owners (see
    /// `VehicleStation.takeHistory(of:)`): the history that owns the window is written back later.
    mutating func releaseDoubts() { self.doubts = [] }

    /// The doubt held in the window ending at `time` (messages of the last `window`).
    func doubt(at time: SimTime, window: SimTime) -> Double {
        var sum = 0.0
        for entry in self.doubts where entry.time >= time - window { sum += entry.doubt }
        return sum
    }
}
