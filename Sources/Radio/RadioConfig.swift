import SimKernel

/// The radio channel of a scenario.
///
/// The first cut is a unit disk: every station within `range` hears a frame after a fixed delay
/// plus its airtime; nobody beyond does.
public struct RadioConfig: Hashable, Sendable {
    /// Channel models.
    public enum Model: String, Hashable, Sendable, CaseIterable {
        case unitDisk = "unit-disk"
    }

    public var model: Model = .unitDisk
    /// Communication range [m].
    public var range: Double = 300
    /// Fixed access delay added to every frame before it goes on air.
    public var accessDelay: SimTime = .microseconds(100)
    /// PHY data rate [bit/s]; 6 Mb/s is 802.11p's default on a 10 MHz channel.
    public var dataRate: Double = 6_000_000

    public init() {}
}
