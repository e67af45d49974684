/// Radio part of a run's summary (physical radio models only).
public struct RadioSummary: Sendable {
    public var model: String
    /// Nominal range [m]: where the mean received power equals the sensitivity.
    public var nominalRange: Double
    /// Carrier-sense range [m]: where the mean received power equals the CCA threshold.
    public var senseRange: Double
    /// Packet delivery ratio by sender–receiver distance (vehicle receivers).
    public var bins: [RunSummary.DistanceBin]
    /// Radio outcomes at vehicle receivers in candidate range, by outcome name, sorted.
    public var outcomes: [(outcome: String, count: Int)]
    public var macQueueDrops: Int
    /// Channel busy ratio over 100 ms windows and vehicles: mean, p95, max.
    public var cbrMean: Double?
    public var cbrP95: Double?
    public var cbrMax: Double?
    /// Reactive DCC: share of CBR samples in each state (relaxed … restrictive); empty when off.
    public var dccStates: [(state: String, share: Double)] = []
}

extension RunSummary {
    /// One distance bin of the packet delivery ratio.
    public struct DistanceBin: Sendable, Equatable {
        public var fromMeters: Double
        public var toMeters: Double
        public var attempts: Int
        public var delivered: Int

        /// delivered / attempts, or nil for an empty bin.
        public var ratio: Double? { self.attempts > 0 ? Double(self.delivered) / Double(self.attempts) : nil }
    }
}
