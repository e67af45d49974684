import SimKernel

/// EDCA access categories of IEEE 802.11p (IEEE 1609.4 / Veins `Mac1609_4`): AIFSN and CWmin.
/// Broadcast frames get no ACK, so the contention window never doubles and stays at CWmin.
public enum AccessCategory: String, Hashable, Sendable, CaseIterable, Codable {
    case voice
    case video
    case bestEffort = "best-effort"
    case background

    /// Arbitration inter-frame space number.
    public var aifsn: Int {
        switch self {
        case .voice: 2
        case .video: 3
        case .bestEffort: 6
        case .background: 9
        }
    }

    /// Minimum contention window: the backoff is uniform in 0...cwMin slots.
    public var cwMin: Int {
        switch self {
        case .voice: 3
        case .video: 7
        case .bestEffort, .background: 15
        }
    }
}

/// 802.11p (10 MHz) MAC timing: slot 13 µs, SIFS 32 µs, AIFS = SIFS + AIFSN · slot.
public enum MACTiming {
    public static let slot = SimTime.microseconds(13)
    public static let sifs = SimTime.microseconds(32)

    public static func aifs(_ category: AccessCategory) -> SimTime {
        Self.sifs + Self.slot * Int64(category.aifsn)
    }
}

/// The CSMA/CA state of one station, as a small state machine driven by the simulation's events.
///
/// A station with a frame waits until its medium has been idle for AIFS, then counts down its
/// backoff slots; when the medium turns busy during the countdown it freezes the remaining slots
/// and resumes (AIFS again, then the rest) once the medium is idle. When the count reaches zero the
/// frame goes on air. Two stations that finish in the same slot collide, as in the standard.
///
/// The simulation owns time: it calls `begin`, `mediumBusy` and `mediumIdle` and schedules a
/// countdown-end event for the time they return; `token` invalidates events that a freeze made stale.
public struct ChannelAccess: Sendable, Codable {
    /// Sensed busy until (carrier sense by this station, including its own transmissions).
    public var busyUntil: SimTime = .zero
    /// Accumulated busy time, for the channel busy ratio.
    public var busyTime: SimTime = .zero
    /// Backoff slots still to count down; nil when no frame waits for the medium.
    public private(set) var remainingSlots: Int?
    /// When the current countdown (AIFS, then slots) started; nil while frozen or idle.
    public private(set) var countdownStart: SimTime?
    /// Bumped whenever a scheduled countdown end becomes stale.
    public private(set) var token: UInt32 = 0

    public init() {}

    /// True while a frame is waiting for the medium.
    public var isContending: Bool { self.remainingSlots != nil }

    /// A frame is ready at `now` with a fresh backoff of `slots`. Returns when the countdown ends,
    /// or nil when the medium is busy (the caller waits for `busyUntil`).
    public mutating func begin(now: SimTime, slots: Int, aifs: SimTime) -> SimTime? {
        self.remainingSlots = slots
        self.token &+= 1
        return self.startCountdown(now: now, aifs: aifs)
    }

    /// The medium may have turned idle at `now`: restart the countdown if it really is idle.
    public mutating func mediumIdle(now: SimTime, aifs: SimTime) -> SimTime? {
        guard self.remainingSlots != nil, self.countdownStart == nil else { return nil }
        self.token &+= 1
        return self.startCountdown(now: now, aifs: aifs)
    }

    private mutating func startCountdown(now: SimTime, aifs: SimTime) -> SimTime? {
        guard now >= self.busyUntil, let slots = self.remainingSlots else {
            self.countdownStart = nil
            return nil
        }
        self.countdownStart = now
        return now + aifs + MACTiming.slot * Int64(slots)
    }

    /// Another station's frame occupies this station's medium over [start, end).
    ///
    /// Adds the newly busy time to `busyTime`, and freezes a running countdown that would end
    /// after `start` (slots wholly elapsed after AIFS are consumed). Returns true when a countdown
    /// was frozen, so the caller schedules a `mediumIdle` at `busyUntil`.
    public mutating func mediumBusy(start: SimTime, end: SimTime, aifs: SimTime) -> Bool {
        if end > self.busyUntil {
            self.busyTime += end - max(start, self.busyUntil)
            self.busyUntil = end
        }
        guard let begun = self.countdownStart, let slots = self.remainingSlots else { return false }
        let countdownEnd = begun + aifs + MACTiming.slot * Int64(slots)
        // A countdown ending in this very instant transmits too: both stations chose the same slot.
        guard countdownEnd > start else { return false }
        let elapsed = start - begun
        if elapsed > aifs {
            let done = Int((elapsed - aifs).nanoseconds / MACTiming.slot.nanoseconds)
            self.remainingSlots = max(0, slots - done)
        }
        self.countdownStart = nil
        self.token &+= 1
        return true
    }

    /// The station left: forget a waiting countdown, and make every timer already asked for stale.
    public mutating func reset() {
        self.remainingSlots = nil
        self.countdownStart = nil
        self.token &+= 1
    }

    /// The frame went on air (the countdown ended at `start`); the medium is busy until `end`.
    public mutating func transmitted(start: SimTime, end: SimTime) {
        self.remainingSlots = nil
        self.countdownStart = nil
        self.token &+= 1
        if end > self.busyUntil {
            self.busyTime += end - max(start, self.busyUntil)
            self.busyUntil = end
        }
    }
}
