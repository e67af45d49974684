import V2X

extension RunSummary {
    /// What one attack type's messages did at vehicle receivers (ground truth from the senders).
    public struct AttackOutcome: Sendable, Equatable {
        public var number: Int
        public var name: String
        public var attackers: Int
        public var sent: Int
        public var received: Int
        public var accepted: Int
        public var rejected: Int
        public var actedOn: Int
    }
}

extension Simulation {
    func attackSummary() -> [RunSummary.AttackOutcome] {
        var attackers = [Int](repeating: 0, count: AttackType.allCases.count + 1)
        for type in self.attackerTypes { attackers[type.rawValue] += 1 }
        return AttackType.allCases.compactMap { type in
            let c = self.metrics.attacks[type.rawValue]
            guard attackers[type.rawValue] > 0 || c.sent > 0 else { return nil }
            return RunSummary.AttackOutcome(
                number: type.rawValue, name: type.name, attackers: attackers[type.rawValue], sent: c.sent,
                received: c.received, accepted: c.accepted, rejected: c.rejected, actedOn: c.actedOn)
        }
    }
}
