import SimKernel

/// A frame as the medium sees it: opaque apart from who sends it, how long it is and where.
public struct RadioFrame: Sendable, Codable {
    /// The caller's id for the frame (v2vsim uses the message id). Unique per run: it keys the
    /// fading draws of the frame's receptions.
    public let id: UInt64
    /// Sending station.
    public let sender: Int
    /// Payload length [bytes]; the airtime follows from it and the data rate.
    public let payloadBytes: Int
    /// Sender position [m] when the frame was built.
    public let x: Double
    public let y: Double

    public init(id: UInt64, sender: Int, payloadBytes: Int, x: Double, y: Double) {
        self.id = id
        self.sender = sender
        self.payloadBytes = payloadBytes
        self.x = x
        self.y = y
    }
}

/// Who hears a frame: a station (which also sends, and so can be deaf while it transmits) or a
/// fixed receiver (an RSU, which only listens). Stations order before fixed receivers.
public enum Listener: Hashable, Comparable, Sendable, Codable {
    case station(Int)
    case fixed(Int)

    /// Stations 0, 2, 4, …; fixed receivers 1, 3, 5, …: the fading key of a reception.
    public var code: UInt64 {
        switch self {
        case let .station(s): UInt64(s) << 1
        case let .fixed(f): UInt64(f) << 1 | 1
        }
    }

    /// Sorts stations first, each kind by ascending index.
    @usableFromInline var sortKey: UInt64 {
        switch self {
        case let .station(s): UInt64(s)
        case let .fixed(f): (1 << 62) | UInt64(f)
        }
    }

    public static func < (a: Listener, b: Listener) -> Bool { a.sortKey < b.sortKey }
}

/// What the physical layer made of one frame at one listener.
public struct Reception: Sendable, Equatable, Codable {
    public let listener: Listener
    /// Sender to listener [m].
    public let distance: Double
    public let outcome: RadioOutcome
}

/// A timer the medium asks its driver to schedule; the driver hands it back to
/// `RadioMedium.timerFired` at its time. A stale token makes it a no-op.
public struct RadioTimer: Hashable, Sendable, Codable {
    public enum Kind: Hashable, Sendable, Codable {
        /// The station's AIFS and backoff countdown ends: its queued frame goes on air.
        case accessEnd
        /// The station's medium may have turned idle: resume a frozen countdown.
        case mediumIdle
    }

    public let kind: Kind
    public let station: Int
    public let token: UInt32

    public init(kind: Kind, station: Int, token: UInt32) {
        self.kind = kind
        self.station = station
        self.token = token
    }
}

/// What the driver must do after an input to the medium, in the order given.
public enum RadioEffect: Hashable, Sendable, Codable {
    /// Schedule `timer` at `time`.
    case schedule(RadioTimer, at: SimTime)
    /// The station won the medium: its queued frame (`tag`) goes on air now. The driver builds the
    /// frame and calls `startFrame`.
    case transmit(station: Int, tag: UInt64)
    /// The station's queued frame `tag` was replaced by a newer one before it got the medium.
    case queueDrop(station: Int, tag: UInt64)
}

/// A station's position for `RadioMedium.updateStations`.
public struct StationPosition: Sendable, Codable {
    public let station: Int
    public let x: Double
    public let y: Double

    public init(station: Int, x: Double, y: Double) {
        self.station = station
        self.x = x
        self.y = y
    }
}

/// One station's channel busy ratio over the last sampling window, and its reactive DCC state
/// (nil when DCC is off).
public struct CBRSample: Sendable, Codable {
    public let station: Int
    public let ratio: Double
    public let dccState: ReactiveDCC.State?
}

/// Work counters of the medium, for tests and profiles: they show that the work per reception
/// does not grow with the road (no all-pairs loop).
public struct RadioWork: Sendable, Equatable, Codable {
    /// Frames whose end was processed.
    public var framesEnded = 0
    /// Listeners within candidate range (each gets a reception: decided or skipped).
    public var candidates = 0
    /// Fading draws taken.
    public var fadingDraws = 0
    /// Candidates whose signal reached the sensitivity, so that interference had to be summed.
    public var interferenceSums = 0
    /// Frames on air near the sender gathered at frame ends (the interferer short list).
    public var framesGathered = 0
    /// (candidate, gathered frame) pairs looked at for interference.
    public var framesExamined = 0
    /// Interferers actually summed (within the interference range of the receiver).
    public var framesSummed = 0
    /// Stations looked at for carrier sense at frame starts.
    public var senseChecks = 0

    public init() {}
}
