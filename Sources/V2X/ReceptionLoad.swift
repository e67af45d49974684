#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SimKernel

/// The receiver's view of its own channel: the latest channel busy ratio its radio measured and a
/// running estimate of the share of beacons it missed from stations it hears (gaps in their beacon
/// sequences beyond the nominal interval), both from its own observations only.
public struct ReceptionLoad: Sendable, Equatable, Codable {
    /// Channel busy ratio of the latest sample, in [0, 1].
    public private(set) var channelBusy = 0.0
    /// Exponentially decayed counts of beacons received and missed.
    private var received = 0.0
    private var missed = 0.0
    private var updated: SimTime = .zero

    public init() {}

    /// The share of expected beacons that did not arrive, in [0, 1]; 0 before any gap was seen.
    public var lossRatio: Double {
        self.received + self.missed > 0 ? self.missed / (self.received + self.missed) : 0
    }

    /// Takes a channel busy ratio sample.
    public mutating func noteChannelBusy(_ ratio: Double) {
        self.channelBusy = min(1, max(0, ratio))
    }

    /// Takes one beacon that arrived `gap` after the previous one of its sender, where beacons are
    /// expected every `interval`: the beacons in between count as missed (at most 10 per gap, so
    /// that a station coming back into range after a long while does not swamp the estimate).
    public mutating func noteBeacon(gap: SimTime, interval: SimTime, at time: SimTime, window: SimTime) {
        let decay = window > .zero ? exp(-max(0, (time - self.updated).seconds) / window.seconds) : 0
        self.updated = time
        self.received = self.received * decay + 1
        guard interval > .zero, gap > interval else {
            self.missed *= decay
            return
        }
        let expected = (gap.seconds / interval.seconds).rounded()
        self.missed = self.missed * decay + min(10, max(0, expected - 1))
    }
}
