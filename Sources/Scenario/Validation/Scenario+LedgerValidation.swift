import Ledger

extension Scenario {
    /// The number of RSUs a run places: `rsus.count`, or one per `rsus.every` of road (at least one).
    public var rsuCount: Int {
        self.ledger.rsuCount ?? max(1, Int((self.road.length / self.ledger.rsuSpacing).rounded(.down)))
    }

    /// Every RSU a fault names exists.
    func validateLedgerFaults(root: SourceOrigin, context: inout DecodeContext) {
        let faults = FieldPath.root.key("ledger").key("faults")
        guard !context.hasProblem(under: FieldPath.root.key("rsus")), !context.hasProblem(under: faults) else { return }
        let count = self.rsuCount
        for (index, fault) in self.ledger.faults.enumerated() {
            guard let bad = fault.rsus.first(where: { $0 >= count }) else { continue }
            let path = faults.index(index)
            let key = fault.rsus.count == 1 ? "rsu" : "rsus"
            let origin = context.origin(of: path.key(key)) ?? context.origin(of: path) ?? context.origin(of: faults) ?? root
            context.report(
                .outOfRange(allowed: "an RSU index below \(count) (this scenario has \(count) RSUs)", got: String(bad)),
                at: origin, field: path.key(key))
        }
    }
}
