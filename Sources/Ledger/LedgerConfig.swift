import SimKernel

/// Roadside units and their chain (`rsus` and `ledger` in a scenario).
public struct LedgerConfig: Hashable, Sendable {
    /// Distance between RSUs along the road [m]; the first sits at half this from the start.
    public var rsuSpacing: Double = 1_000
    /// Explicit RSU count; when nil, the road length divided by `rsuSpacing`.
    public var rsuCount: Int? = nil
    /// Range within which an RSU hears vehicles [m].
    public var rsuRange: Double = 600
    /// One-way latency of the wired backhaul between RSUs.
    public var backhaulLatency: SimTime = .milliseconds(5)
    /// Time between blocks.
    public var blockInterval: SimTime = .milliseconds(500)
    /// Most message digests an RSU holds while they wait for a block; beyond it, digests are dropped
    /// and counted.
    public var mempoolCapacity: Int = 100_000
    /// Most leaves in one block.
    public var maxLeavesPerBlock: Int = 20_000

    public init() {}
}
