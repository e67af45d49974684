import Histogram
import Radio
import SimKernel

/// Radio statistics of a run: packet delivery ratio by distance, radio outcomes, channel busy
/// ratio and MAC queue drops. Fixed memory: bins and a histogram, no per-event arrays.
struct RadioMetrics: Codable {
    /// Width of a PDR distance bin [m].
    static let binWidth = 50.0

    /// Per bin: vehicle receivers in candidate range at transmission, and how many decoded.
    var attempts: [Int] = []
    var delivered: [Int] = []
    /// Counts per outcome, indexed by `RadioOutcome.hashValueCode`: an array, because this runs for
    /// every candidate receiver of every frame and hashing the enum's string raw value showed up in profiles.
    var outcomeCounts = [Int](repeating: 0, count: RadioOutcome.allCases.count)

    /// The outcomes that occurred, with their counts.
    var outcomes: [RadioOutcome: Int] {
        var m: [RadioOutcome: Int] = [:]
        for outcome in RadioOutcome.allCases where self.outcomeCounts[outcome.hashValueCode] > 0 {
            m[outcome] = self.outcomeCounts[outcome.hashValueCode]
        }
        return m
    }
    /// Frames replaced in the one-frame MAC queue before they got the medium.
    var macQueueDrops = 0
    /// Channel-access delay (ready → on air) [µs].
    var accessDelay = Histogram<UInt64>(highestTrackableValue: 10_000_000, numberOfSignificantValueDigits: .three)
    /// Per-vehicle CBR samples, in thousandths.
    var cbr = Histogram<UInt64>(highestTrackableValue: 1_000, numberOfSignificantValueDigits: .three)
    var cbrSum = 0.0
    /// Reactive DCC: CBR samples per state.
    var dccStates = [Int](repeating: 0, count: ReactiveDCC.State.allCases.count)

    mutating func recordAttempt(distance: Double, outcome: RadioOutcome) {
        let bin = Int(distance / Self.binWidth)
        while self.attempts.count <= bin {
            self.attempts.append(0)
            self.delivered.append(0)
        }
        self.attempts[bin] += 1
        if outcome == .received { self.delivered[bin] += 1 }
        self.outcomeCounts[outcome.hashValueCode] += 1
    }

    mutating func recordCBR(_ ratio: Double) {
        let clamped = min(1, max(0, ratio))
        self.cbr.record(UInt64((clamped * 1_000).rounded()))
        self.cbrSum += clamped
    }

    /// PDR bins for the summary: (lower edge m, attempts, delivered).
    var bins: [RunSummary.DistanceBin] {
        self.attempts.indices.map {
            RunSummary.DistanceBin(
                fromMeters: Double($0) * Self.binWidth, toMeters: Double($0 + 1) * Self.binWidth,
                attempts: self.attempts[$0], delivered: self.delivered[$0])
        }
    }

    func cbrPercentile(_ p: Double) -> Double? {
        guard self.cbr.totalCount > 0 else { return nil }
        return Double(self.cbr.valueAtPercentile(p)) / 1_000
    }

    var cbrMean: Double? { self.cbr.totalCount > 0 ? self.cbrSum / Double(self.cbr.totalCount) : nil }
}
