import SimKernel
import Testing
import Trace

@Suite("Long runs")
struct LargeRecordingTests {
    @Test("100,000 vehicle rows (20 insert batches) record, read back, export and check their seals in reasonable time")
    func hundredThousandRows() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("big.sqlite")
        let clock = ContinuousClock()
        let count = 100_000

        let recording = try clock.measure {
            let recorder = try TraceRecorder(path: path, meta: SampleRows.meta)
            for index in 0..<count {
                let vehicle = UInt32(index % 200)
                let time = SimTime.milliseconds(Int64(index / 200) * 100)
                try recorder.record(
                    VehicleRow(
                        time: time, vehicleID: vehicle, x: Double(index) * 0.37, y: Double(index % 3) * 3.5,
                        angleDeg: 90, speed: 30 + Double(index % 7) * 0.1, accel: -0.25, lane: index % 3,
                        policy: "expert", type: "car", pos: Double(index) * 0.37))
            }
            try recorder.finish(summary: ["vehicle_rows": String(count)])
        }
        var seen = 0
        let reading = try clock.measure {
            try TraceReader(path: path).forEachVehicle { _ in seen += 1 }
        }
        let exporting = try clock.measure {
            _ = try CSVExporter.export(tracePath: path, to: dir.file("csv"))
        }
        var seals: SealReport?
        let checking = try clock.measure { seals = try TraceReader(path: path).checkSeals() }
        print("TraceTests: \(count) vehicle rows: record+finish \(recording), read \(reading), export \(exporting), check seals \(checking)")
        #expect(seen == count)
        // 100,000 rows of 200 vehicles at 10 Hz span 50 s: five 10 s segments of 20,000 rows.
        #expect(seals?.isValid == true && seals?.tables.first?.segments == 5, "\(seals?.problems ?? [])")
        #expect(recording < .seconds(120), "recording \(count) rows took \(recording)")
    }
}
