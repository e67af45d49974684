import Foundation
import SimKernel
import Trace

/// Trace writing alone: reception and vehicle rows with realistic values into a SQLite trace at level
/// `all`, timed until `finish` has renamed the file (batches, indexes and all).
enum TraceWriteBench {
    static func run(rows: Int, directory: String, report: BenchReport) throws {
        let path = directory + "/trace-write.sqlite"
        let meta = TraceMeta(scenarioName: "bench-trace", scenarioText: "name: bench-trace\n", seed: 1, programVersion: "bench")
        let outcomes = ["received", "received", "received", "collision"]
        let timed = try BenchClock.measure {
            let recorder = try TraceRecorder(path: path, meta: meta)
            for i in 0..<rows {
                if i % 10 == 9 {
                    try recorder.record(VehicleRow(
                        time: .milliseconds(Int64(i / 10)), vehicleID: UInt32(i % 1000), x: Double(i % 10_000), y: 1.75,
                        angleDeg: 90, speed: 27.5, accel: -0.25, lane: i % 3, policy: "expert", type: "car", pos: Double(i % 10_000)))
                    continue
                }
                let radio = outcomes[i % outcomes.count]
                let received = radio == "received"
                let t = SimTime(nanoseconds: Int64(i) * 10_000)
                try recorder.record(ReceptionRow(
                    messageID: UInt64(i / 100), receiverKind: i % 50 == 0 ? "rsu" : "vehicle", receiverID: UInt32(i % 1000),
                    tReceived: t, distance: Double(i % 600), radioOutcome: radio, verifyOutcome: received ? "accepted" : "",
                    reason: "", tVerifyStart: received ? t : nil, tVerified: received ? t + .microseconds(120) : nil,
                    latency: received ? .microseconds(900) : nil, actedOn: i % 7 == 0))
            }
            try recorder.finish(summary: ["bench_rows": String(rows)])
        }
        let bytes = SimulationBench.fileSize(path)
        try? FileManager.default.removeItem(atPath: path)
        report.emit("trace_write", [
            ("rows", .integer(rows)), ("wall_s", .number(timed.seconds)),
            ("rows_per_s", .number(Double(rows) / timed.seconds, decimals: 0)),
            ("bytes_per_row", .number(Double(bytes ?? 0) / Double(rows), decimals: 1)),
        ])
    }
}
