import SimKernel

/// The scenario's faults (`ledger.faults`), started and ended on schedule.
extension RSUNetwork {
    mutating func applyFault(_ index: Int, starts: Bool, at now: SimTime, _ effects: inout [RSUNetworkEffect]) {
        let fault = self.faults[index]
        for i in fault.rsus where i < self.nodes.count {
            switch fault.kind {
            case .crash:
                self.backhaul.crashed[i] = starts
                if !starts {
                    let out = self.nodes[i].recover(at: now)
                    self.route(out, from: i, at: now, &effects)
                }
            case .partition:
                self.backhaul.side[i] = starts ? index + 1 : 0
            case .slow:
                self.backhaul.extraDelay[i] = starts ? fault.delay : .zero
            case .equivocate:
                self.nodes[i].equivocates = starts
            case .byzantine:
                self.byzantineFaults[i] += starts ? 1 : -1
            }
        }
        if fault.kind == .byzantine { self.updateCollusion() }
        effects.append(.faultApplied(index: index, starts: starts))
    }

    /// Every RSU under a `byzantine` fault now colludes with all the others under one.
    private mutating func updateCollusion() {
        let members = self.nodes.indices.filter { self.byzantineFaults[$0] > 0 }.map { RSUID(raw: UInt32($0)) }
        for i in self.nodes.indices {
            self.nodes[i].collusion = self.byzantineFaults[i] > 0 ? Collusion(members: members) : nil
        }
    }
}
