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
        /// Rejections by the layer that refused them, in `VerificationLayer` order.
        public var rejectedByLayer: [(layer: VerificationLayer, count: Int)] = []

        /// The share of received messages that some defence refused (a full queue is not a defence);
        /// nil when none was received. For outsiders this is what cryptography buys; for insiders,
        /// whose signatures are valid, what plausibility checks and revocations add.
        public var caughtRecall: Double? {
            guard self.received > 0 else { return nil }
            let caught = self.rejectedByLayer.reduce(0) { $0 + ($1.layer.isDefence ? $1.count : 0) }
            return Double(caught) / Double(self.received)
        }

        public static func == (a: AttackOutcome, b: AttackOutcome) -> Bool {
            a.number == b.number && a.attackers == b.attackers && a.sent == b.sent && a.received == b.received
                && a.accepted == b.accepted && a.rejected == b.rejected && a.actedOn == b.actedOn
                && a.rejectedByLayer.map(\.count) == b.rejectedByLayer.map(\.count)
        }
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
                received: c.received, accepted: c.accepted, rejected: c.rejected, actedOn: c.actedOn,
                rejectedByLayer: VerificationLayer.allCases.map { ($0, c.rejectedByLayer[$0.rawValue]) })
        }
    }
}
