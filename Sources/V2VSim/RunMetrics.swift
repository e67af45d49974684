import Histogram
import SimKernel
import Traffic
import V2X

/// Counters and latency distribution gathered during a run. Memory is fixed: latencies go into an
/// HDR histogram (microsecond values, 3 significant digits), never into a growing array.
struct RunMetrics: Codable {
    var messagesSent = 0
    var certificatesSent = 0
    var vehicleReceptions = 0
    var rsuReceptions = 0
    var accepted = 0
    var unchecked = 0
    var rejected: [RejectionReason: Int] = [:]
    var actedOn = 0
    var latency = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    var incidents: [Incident.Kind: Int] = [:]
    /// Receptions dropped because the receiver's verification queue was full.
    var queueOverflows = 0
    var pseudonymChanges = 0
    /// Indexed by `AttackType.rawValue`.
    var attacks = [AttackCounters](repeating: AttackCounters(), count: AttackType.allCases.count + 1)
    var stages = LatencyBreakdown()
    var radio = RadioMetrics()
    var hazardWarnings = HazardWarningMetrics()
    /// Decisions of lane-choosing (v2) policies and what the safety shield changed in them.
    var shield = ShieldCounts()
    /// Peer-to-peer certificate distribution: bytes, answers, the pending-certificate hold.
    var certificateDistribution = CertificateDistributionMetrics()

    mutating func recordLatency(_ t: SimTime) {
        self.latency.record(UInt64(max(0, t.nanoseconds / 1_000)))
    }

    func latencyPercentile(_ p: Double) -> Double? {
        guard self.latency.totalCount > 0 else { return nil }
        return Double(self.latency.valueAtPercentile(p)) / 1_000
    }
}
