extension RunSummary {
    /// Hazard warnings (DENMs) in a run.
    public struct HazardWarnings: Sendable, Equatable {
        /// DENMs signed and transmitted (one per hazard, by its first detector).
        public var sent: Int
        /// Vehicle receptions of a DENM that passed verification.
        public var accepted: Int
        /// Vehicles that braked for a warned-about obstacle before their own sensor saw it (each
        /// vehicle counted once per hazard): what the warning bought.
        public var actedBeforeSensing: Int

        public init(sent: Int, accepted: Int, actedBeforeSensing: Int) {
            self.sent = sent
            self.accepted = accepted
            self.actedBeforeSensing = actedBeforeSensing
        }
    }

    /// `hazards.csv`: one row with the hazard-warning counts.
    var hazardsCSV: String {
        let h = self.hazardWarnings
        return "denms_sent,denms_accepted,vehicles_warned_before_sensing\n\(h.sent),\(h.accepted),\(h.actedBeforeSensing)\n"
    }
}
