import Foundation
import SimKernel

/// Aggregates a trace into the compact JSON the web Visualizer reads (`Visualizer/`), with a
/// `schema_version` so that the page can refuse data it does not understand.
///
/// Everything is computed from the trace's tables, never from the simulation, so the page shows
/// what was recorded. Output is deterministic: keys sorted, numbers with fixed decimals.
public enum VisualizerExport {
    /// Version of the JSON layout (docs/visualizer.md).
    public static let schemaVersion = 1

    /// Latency histogram bin width [ms] and bin count (the last bin collects everything above).
    static let latencyBinMs = 0.05
    static let latencyBins = 100

    /// The JSON text for the trace at `reader`.
    public static func json(_ reader: TraceReader) throws -> String {
        var seconds = 0
        var sent: [Int] = []
        var accepted: [Int] = []
        var unchecked: [Int] = []
        var rejected: [String: [Int]] = [:]
        var latencySum: [Double] = []
        var latencyCount: [Int] = []
        var histogram = [Int](repeating: 0, count: Self.latencyBins)
        var blocks: [Int] = []
        var leaves: [Int] = []
        func grow(_ s: Int) {
            guard s >= seconds else { return }
            let n = s + 1 - seconds
            sent += [Int](repeating: 0, count: n)
            accepted += [Int](repeating: 0, count: n)
            unchecked += [Int](repeating: 0, count: n)
            latencySum += [Double](repeating: 0, count: n)
            latencyCount += [Int](repeating: 0, count: n)
            blocks += [Int](repeating: 0, count: n)
            leaves += [Int](repeating: 0, count: n)
            for key in rejected.keys { rejected[key]! += [Int](repeating: 0, count: n) }
            seconds = s + 1
        }
        func second(_ t: SimTime) -> Int { Int(max(0, t.nanoseconds) / 1_000_000_000) }

        try reader.forEachMessage { m in
            let s = second(m.tGenerated)
            grow(s)
            sent[s] += 1
        }
        try reader.forEachReception { r in
            guard r.receiverKind == "vehicle" else { return }
            let s = second(r.tReceived)
            grow(s)
            switch r.verifyOutcome {
            case "accepted": accepted[s] += 1
            case "unchecked": unchecked[s] += 1
            default:
                let reason = r.reason.isEmpty ? "unknown" : r.reason
                if rejected[reason] == nil { rejected[reason] = [Int](repeating: 0, count: seconds) }
                rejected[reason]![s] += 1
            }
            if let latency = r.latency {
                let ms = Double(latency.nanoseconds) / 1e6
                latencySum[s] += ms
                latencyCount[s] += 1
                histogram[min(Self.latencyBins - 1, max(0, Int(ms / Self.latencyBinMs)))] += 1
            }
        }
        try reader.forEachBlock { b in
            let s = second(b.tFinal)
            grow(s)
            blocks[s] += 1
            leaves[s] += b.leafCount
        }
        // Space-time diagram: one FCD sample per vehicle per whole second.
        var spaceTime: [String] = []
        try reader.forEachVehicle { v in
            guard v.time.nanoseconds % 1_000_000_000 == 0 else { return }
            spaceTime.append("[\(fixed(v.time.seconds, 1)),\(fixed(v.pos, 1)),\(fixed(v.speed, 2)),\(v.lane)]")
        }
        let incidents = try reader.incidents().map { i in
            "{\"kind\":\(quote(i.kind)),\"t\":\(fixed(i.time.seconds, 3)),\"value\":\(fixed(i.value, 3)),\"vehicles\":[\(i.vehicleA)\(i.vehicleB.map { ",\($0)" } ?? "")]}"
        }
        let meanLatency = zip(latencySum, latencyCount).map { $1 > 0 ? fixed($0 / Double($1), 4) : "null" }
        let meta = reader.meta.keys.sorted().filter { $0 != "scenario_text" }
            .map { "\(quote($0)):\(quote(reader.meta[$0]!))" }.joined(separator: ",")
        let rejectedJSON = rejected.keys.sorted().map { "\(quote($0)):\(ints(rejected[$0]!))" }.joined(separator: ",")
        return """
            {"schema_version":\(Self.schemaVersion),
            "meta":{\(meta)},
            "scenario_text":\(quote(reader.meta["scenario_text"] ?? "")),
            "seconds":\(seconds),
            "sent_per_s":\(ints(sent)),
            "accepted_per_s":\(ints(accepted)),
            "unchecked_per_s":\(ints(unchecked)),
            "rejected_per_s":{\(rejectedJSON)},
            "mean_latency_ms_per_s":[\(meanLatency.joined(separator: ","))],
            "latency_histogram":{"bin_ms":\(Self.latencyBinMs),"counts":\(ints(histogram))},
            "blocks_per_s":\(ints(blocks)),
            "leaves_per_s":\(ints(leaves)),
            "space_time":[\(spaceTime.joined(separator: ","))],
            "incidents":[\(incidents.joined(separator: ","))]}

            """
    }

    private static func ints(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }

    private static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "null" }
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"  // the JSON is embedded in a script; never let it close the tag
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
