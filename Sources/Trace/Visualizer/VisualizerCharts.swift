#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SimKernel

/// The aggregates behind the page's charts, accumulated row by row in fixed memory: latency CDFs
/// per stage, delivery ratio by distance, channel busy ratio at each RSU, anchoring latency.
struct VisualizerCharts {
    /// Latency stages in the order of `V2VSim.LatencyStage`, over usable vehicle receptions.
    static let stages = ["signing", "channel_access", "airtime", "propagation", "verification_queue", "verification", "total"]
    /// Log-spaced bin edges [ms]: 1 µs to 10 s, 20 per decade. A value goes to the first bin whose
    /// edge is at least the value (the last bin takes everything above).
    static let edgesMs: [Double] = (0...140).map { pow(10.0, -3 + Double($0) / 20) }
    static let pdrBinMeters = 25.0
    static let pdrBins = 80

    var stageCounts = [[Int]](repeating: [Int](repeating: 0, count: 141), count: 7)
    var anchorCounts = [Int](repeating: 0, count: 141)
    var pdrReceived = [Int](repeating: 0, count: 80)
    var pdrLost = [Int](repeating: 0, count: 80)
    var lossesRecorded = false

    /// Channel busy ratio per RSU per interval: busy nanoseconds, the union of the frames it heard.
    var cbrInterval: Int64 = 100_000_000
    var cbrBins = 0
    var cbrBusy: [UInt32: [Int64]] = [:]
    var cbrBusyUntil: [UInt32: Int64] = [:]

    /// Sets the CBR intervals for a run ending at `end`: 100 ms, coarser past 6000 intervals.
    mutating func prepare(end: Int64) {
        self.cbrInterval = max(100_000_000, (end / 6_000 / 100_000_000 + 1) * 100_000_000)
        self.cbrBins = Int(end / self.cbrInterval) + 1
    }

    static func bin(ms: Double) -> Int {
        guard ms > Self.edgesMs[0] else { return 0 }
        let k = Int((20 * (log10(ms) + 3)).rounded(.up))
        return min(140, max(0, k))
    }

    mutating func reception(_ row: ReceptionRow, label: String, txStart: Int64, txEnd: Int64) {
        if row.receiverKind == "vehicle" {
            let bin = min(Self.pdrBins - 1, max(0, Int(row.distance / Self.pdrBinMeters)))
            if label.hasPrefix("lost:") {
                self.pdrLost[bin] += 1
                self.lossesRecorded = true
            } else {
                self.pdrReceived[bin] += 1
            }
        } else if self.cbrBins > 0 {
            self.busy(rsu: row.receiverID, start: txStart, end: txEnd)
        }
    }

    /// Stages of a usable vehicle reception, from the message's times and the reception's.
    mutating func stages(generated: Int64, signed: Int64, txStart: Int64, txEnd: Int64, row: ReceptionRow) {
        guard row.receiverKind == "vehicle", let latency = row.latency, let verified = row.tVerified else { return }
        let received = row.tReceived.nanoseconds
        let verifyStart = row.tVerifyStart?.nanoseconds ?? received
        let values = [signed - generated, txStart - signed, txEnd - txStart, received - txEnd,
                      verifyStart - received, verified.nanoseconds - verifyStart, latency.nanoseconds]
        for (i, ns) in values.enumerated() { self.stageCounts[i][Self.bin(ms: Double(ns) / 1e6)] += 1 }
    }

    mutating func anchor(_ row: AnchorRow) {
        self.anchorCounts[Self.bin(ms: Double(row.tFinal.nanoseconds - row.tGenerated.nanoseconds) / 1e6)] += 1
    }

    private mutating func busy(rsu: UInt32, start: Int64, end: Int64) {
        var from = max(start, self.cbrBusyUntil[rsu] ?? Int64.min)
        guard end > from else { return }
        self.cbrBusyUntil[rsu] = end
        if self.cbrBusy[rsu] == nil { self.cbrBusy[rsu] = [Int64](repeating: 0, count: self.cbrBins) }
        while from < end {
            let bin = Int(from / self.cbrInterval)
            guard bin >= 0, bin < self.cbrBins else { return }
            let binEnd = Int64(bin + 1) * self.cbrInterval
            let upto = min(end, binEnd)
            self.cbrBusy[rsu]![bin] += upto - from
            from = upto
        }
    }

    private static func cdf(_ counts: [Int]) -> (cdf: [Double], total: Int) {
        let total = counts.reduce(0, +)
        var seen = 0
        return (counts.map { c in
            seen += c
            return total == 0 ? 0 : Double(seen) / Double(total)
        }, total)
    }

    func write(to json: inout JSONText) {
        json.raw("{"); json.key("latency_cdf"); json.raw("{"); json.key("edges_ms"); json.fixeds(Self.edgesMs, 6)
        json.raw(","); json.key("stages"); json.raw("{")
        for (i, stage) in Self.stages.enumerated() {
            let (cdf, total) = Self.cdf(self.stageCounts[i])
            if i > 0 { json.raw(",") }
            json.key(stage); json.raw("{"); json.key("count"); json.int(total)
            json.raw(","); json.key("cdf"); json.fixeds(cdf, 5); json.raw("}")
        }
        json.raw("}}")
        json.raw(","); json.key("anchoring"); json.raw("{")
        let (anchorCDF, anchors) = Self.cdf(self.anchorCounts)
        json.key("edges_ms"); json.fixeds(Self.edgesMs, 6)
        json.raw(","); json.key("count"); json.int(anchors)
        json.raw(","); json.key("cdf"); json.fixeds(anchorCDF, 5); json.raw("}")
        json.raw(","); json.key("pdr"); json.raw("{"); json.key("bin_m"); json.fixed(Self.pdrBinMeters, 1)
        json.raw(","); json.key("received"); json.ints(self.pdrReceived)
        json.raw(","); json.key("lost"); json.ints(self.pdrLost)
        json.raw(","); json.key("losses_recorded"); json.raw(self.lossesRecorded ? "true" : "false"); json.raw("}")
        json.raw(","); json.key("cbr"); json.raw("{"); json.key("interval_s"); json.fixed(Double(self.cbrInterval) / 1e9, 3)
        json.raw(","); json.key("rsus"); json.raw("{")
        for (i, rsu) in self.cbrBusy.keys.sorted().enumerated() {
            if i > 0 { json.raw(",") }
            json.key(String(rsu))
            json.fixeds(self.cbrBusy[rsu]!.map { Double($0) / Double(self.cbrInterval) }, 4)
        }
        json.raw("}}}")
    }
}

