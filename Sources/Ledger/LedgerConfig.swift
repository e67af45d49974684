import SimKernel

/// Roadside units and their chain (`rsus` and `ledger` in a scenario).
public struct LedgerConfig: Hashable, Sendable, Codable {
    /// Distance between RSUs along the road [m]; the first sits at half this from the start.
    public var rsuSpacing: Double = 1_000
    /// Explicit RSU count; when nil, the road length divided by `rsuSpacing`.
    public var rsuCount: Int? = nil
    /// Range within which an RSU hears vehicles under the unit-disk radio model [m]; vehicles also
    /// send uplink frames only while an RSU lies this close (the physical models decide reception).
    public var rsuRange: Double = 600
    /// Vehicles' uplink of registrations and reports to the RSUs (`rsus.uplink`).
    public var uplink = UplinkConfig()
    /// One-way latency of the wired backhaul between RSUs.
    public var backhaulLatency: SimTime = .milliseconds(5)
    /// Each backhaul message takes an extra delay drawn uniformly from `[0, backhaulJitter]`.
    public var backhaulJitter: SimTime = .zero
    /// Probability that one backhaul message is lost, in `[0, 1)`.
    public var backhaulLoss: Double = 0
    /// How long a consensus view may last without a final block before the RSUs change view.
    public var viewTimeout: SimTime = .seconds(1)
    /// Faults injected into the committee, in file order.
    public var faults: [LedgerFault] = []
    /// Time between blocks.
    public var blockInterval: SimTime = .milliseconds(500)
    /// Most message digests an RSU holds while they wait for a block; beyond it, digests are dropped
    /// and counted.
    public var mempoolCapacity: Int = 100_000
    /// Most leaves in one block.
    public var maxLeavesPerBlock: Int = 20_000
    /// Most bytes of header and leaves in one block (`Block.contentBytes`, `ledger.max_block_size`);
    /// 1 MiB unless the scenario says otherwise. Proposers fill blocks up to it, members and
    /// auditors refuse larger ones.
    public var maxBlockBytes: Int = 1_048_576

    public init() {}
}
