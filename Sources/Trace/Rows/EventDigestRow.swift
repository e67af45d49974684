import SimKernel

/// One per-second digest of a run's event stream: which second, which event kind (or `all`), how many
/// events and their digest. Stored in the `event_digests` table so that `replay` can say at which
/// second, and for which kind of event, a re-run first differs.
public struct EventDigestRow: Sendable, Equatable {
    /// Start of the simulated second (a whole number of seconds).
    public var secondStart: SimTime
    /// `all` for the running digest, else an event kind (`message`, `vehicle_reception`, …).
    public var kind: String
    /// Events of this kind in this second (for `all`: every event up to the end of this second).
    public var events: Int
    /// Lowercase hex: for `all` the running SHA-256 of the whole event stream up to the end of this second
    /// (the last one equals `meta.event_digest`); for a kind, a 64-bit FNV-1a of that second's events of
    /// the kind, which only locates a difference.
    public var digest: String

    /// Creates a row; see the properties.
    public init(secondStart: SimTime, kind: String, events: Int, digest: String) {
        self.secondStart = secondStart
        self.kind = kind
        self.events = events
        self.digest = digest
    }
}
