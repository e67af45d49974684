import Histogram
import SimKernel

/// The stages of one reception's latency, from generation to verified.
public enum LatencyStage: String, Sendable, CaseIterable {
    /// Generation → signed (modelled sign cost).
    case signing
    /// Signed → first bit on air (CSMA/CA, or the unit disk's fixed access delay).
    case channelAccess = "channel_access"
    /// First → last bit on air (802.11p airtime).
    case airtime
    /// Last bit sent → last bit received (distance / c).
    case propagation
    /// Received → verification started (waiting in the receiver's verification queue, and, for a
    /// CAM that waited in the pending-certificate hold, that wait too).
    case verificationQueue = "verification_queue"
    /// Verification started → done (modelled verify cost).
    case verification
    /// Generation → verified: the sum of the stages.
    case total
}

/// Per-stage latency histograms [µs] over usable vehicle receptions; fixed memory.
struct LatencyBreakdown: Codable {
    var histograms: [Histogram<UInt64>] = LatencyStage.allCases.map { _ in
        Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Records one reception's stages, total last. Six arguments rather than an array: this runs for
    /// every usable reception, and an array literal (and `allCases`) allocated each time.
    mutating func record(
        signing: SimTime, channelAccess: SimTime, airtime: SimTime, propagation: SimTime,
        verificationQueue: SimTime, verification: SimTime
    ) {
        var total = SimTime.zero
        self.add(signing, at: 0, to: &total)
        self.add(channelAccess, at: 1, to: &total)
        self.add(airtime, at: 2, to: &total)
        self.add(propagation, at: 3, to: &total)
        self.add(verificationQueue, at: 4, to: &total)
        self.add(verification, at: 5, to: &total)
        self.histograms[Self.totalIndex].record(UInt64(max(0, total.nanoseconds)) / 1_000)
    }

    @inline(__always)
    private mutating func add(_ stage: SimTime, at i: Int, to total: inout SimTime) {
        self.histograms[i].record(UInt64(max(0, stage.nanoseconds)) / 1_000)
        total += stage
    }

    /// Index of the `total` histogram (the last stage).
    private static let totalIndex = LatencyStage.allCases.count - 1

    var summary: [RunSummary.StageLatency] {
        zip(LatencyStage.allCases, self.histograms).compactMap { stage, h in
            guard h.totalCount > 0 else { return nil }
            return RunSummary.StageLatency(
                stage: stage.rawValue, count: Int(h.totalCount),
                p50: Double(h.valueAtPercentile(50)) / 1_000, p95: Double(h.valueAtPercentile(95)) / 1_000,
                p99: Double(h.valueAtPercentile(99)) / 1_000, max: Double(h.max) / 1_000)
        }
    }
}

extension RunSummary {
    /// Percentiles [ms] of one latency stage.
    public struct StageLatency: Sendable, Equatable {
        public var stage: String
        public var count: Int
        public var p50: Double
        public var p95: Double
        public var p99: Double
        public var max: Double
    }
}
