import V2X

extension RunSummary {
    /// What false hazard warnings (FakeHazard DENMs) did to traffic, and the run's mean speed.
    public struct FalseHazardOutcome: Sendable, Equatable {
        /// False warnings put on air.
        public var falseSent = 0
        /// Vehicles that took a false warning into their beliefs (acted on it).
        public var vehiclesWarnedFalsely = 0
        /// Vehicles that braked (harder than 0.5 m/s²) with a false warning as their nearest obstacle.
        public var vehiclesBrakedForFalse = 0
        /// Beliefs dropped after the receiver's sensor refuted them or their sender was revoked.
        public var falseBeliefsDropped = 0
        /// Genuine warnings dropped the same way (detector errors).
        public var genuineBeliefsDropped = 0
        /// Mean speed over all vehicles and traffic steps [m/s]; nil before the first step.
        public var meanSpeed: Double?

        public init() {}

        /// Key/value pairs for the trace's meta table; empty without false warnings, so that other
        /// runs' traces stay as they were.
        var metaEntries: [String: String] {
            guard self.falseSent > 0 else { return [:] }
            var m = [
                "summary.hazards.false_sent": String(self.falseSent),
                "summary.hazards.vehicles_warned_falsely": String(self.vehiclesWarnedFalsely),
                "summary.hazards.vehicles_braked_for_false": String(self.vehiclesBrakedForFalse),
                "summary.hazards.false_beliefs_dropped": String(self.falseBeliefsDropped),
                "summary.hazards.genuine_beliefs_dropped": String(self.genuineBeliefsDropped),
            ]
            if let v = self.meanSpeed { m["summary.hazards.mean_speed_mps"] = DecimalFormat.fixed(v, 3) }
            return m
        }
    }
}

extension Simulation {
    func falseHazardSummary() -> RunSummary.FalseHazardOutcome {
        let h = self.hazardChecks
        var out = RunSummary.FalseHazardOutcome()
        out.falseSent = self.metrics.attacks[AttackType.fakeHazard.rawValue].sent
        out.vehiclesWarnedFalsely = h.warnedFalsely.count
        out.vehiclesBrakedForFalse = h.brakedForFalse.count
        out.falseBeliefsDropped = h.falseBeliefsDropped
        out.genuineBeliefsDropped = h.genuineBeliefsDropped
        out.meanSpeed = h.speedSamples > 0 ? h.speedSum / Double(h.speedSamples) : nil
        return out
    }
}
