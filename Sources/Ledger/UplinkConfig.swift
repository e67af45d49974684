import SimKernel

/// How vehicles hand their ledger leaves (registrations, misbehaviour reports) to the RSUs over the
/// radio (`rsus.uplink` in a scenario; docs/ledger.md "Uplink").
///
/// A vehicle keeps its leaves in a bounded queue until an RSU acknowledges them. While an RSU lies
/// within `rsus.range` of it (vehicles know where RSUs stand, not whether one is up), it sends at most
/// one uplink frame per traffic step carrying up to `bundle` leaves that are due. A leaf sent and not
/// acknowledged is due again `ackTimeout · backoff^(n−1)` after its n-th transmission; after
/// `maxAttempts` transmissions without an acknowledgement the vehicle gives it up and counts it.
public struct UplinkConfig: Hashable, Sendable, Codable {
    /// Leaves one vehicle keeps waiting for an acknowledgement; a full queue refuses new leaves (counted).
    public var queueCapacity = 64
    /// Most leaves in one uplink frame.
    public var bundle = 8
    /// Time from the first transmission of a leaf to its first retransmission when no acknowledgement came.
    public var ackTimeout: SimTime = .milliseconds(200)
    /// Factor by which each further wait grows (1 keeps it constant).
    public var backoff = 2.0
    /// Transmissions of one leaf before the vehicle gives it up.
    public var maxAttempts = 6

    public init() {}

    /// How long after its `attempt`-th transmission (1, 2, …) an unacknowledged leaf is due again.
    public func retryDelay(afterAttempt attempt: Int) -> SimTime {
        var wait = Double(self.ackTimeout.nanoseconds)
        for _ in 1..<max(1, attempt) { wait *= self.backoff }
        return SimTime(nanoseconds: Int64(min(wait, 3.6e12)))
    }
}
