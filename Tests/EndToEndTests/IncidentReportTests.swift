import Foundation
import SimKernel
import Testing
import Trace
import V2VSim
import V2VTestSupport

/// `v2vsim incidents`: incidents as data, in three formats that parse back to the same rows.
@Suite("Incidents as data", .serialized)
struct IncidentReportTests {
    /// A parsed cell: numbers compare as numbers, so `9.000` in CSV and `9.0` from JSON are one value.
    enum Cell: Equatable {
        case number(Double), text(String), absent

        init(_ text: String, absent marker: String) {
            if text == marker { self = .absent } else if let n = Double(text) { self = .number(n) } else { self = .text(text) }
        }
    }

    static func parseTable(_ text: String) -> [[Cell]] {
        text.split(separator: "\n").dropFirst().map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).map { Cell(String($0), absent: "-") }
        }
    }

    static func parseCSV(_ text: String) -> [[Cell]] {
        text.split(separator: "\n").dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { Cell(String($0), absent: "") }
        }
    }

    static func parseJSON(_ text: String) throws -> [[Cell]] {
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        return objects.map { object in
            IncidentReport.columns.map { key in
                switch object[key] {
                case let n as NSNumber: .number(n.doubleValue)
                case let s as String: Cell(s, absent: "\u{0}")
                default: .absent
                }
            }
        }
    }

    @Test("a real run's incidents: table, CSV and JSON parse back to the same rows; a bad --format is a usage error")
    func formatsAgree() throws {
        // The false hazard warning, believed without verification, makes drivers brake hard within 6 s.
        let dir = try TestPaths.temporaryDirectory("incidents")
        let run = try runProcess(TestPaths.cli, [
            "run", "Scenarios/attacks/fake-hazard.yaml", "--out", dir, "--duration", "6s", "--quiet",
            "--set", "radio.model=unit-disk", "--set", "security.verify=none",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let trace = dir + "/trace.sqlite"
        var parsed: [[[Cell]]] = []
        for format in ["table", "csv", "json"] {
            let result = try runProcess(TestPaths.cli, ["incidents", trace, "--format", format])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            parsed.append(format == "table" ? Self.parseTable(result.stdout)
                : format == "csv" ? Self.parseCSV(result.stdout) : try Self.parseJSON(result.stdout))
        }
        let records = try IncidentReport.build(try TraceReader(path: trace))
        #expect(!records.isEmpty, "the run should brake hard at least once")
        #expect(parsed[0].count == records.count)
        #expect(parsed[0] == parsed[1] && parsed[1] == parsed[2], "table \(parsed[0])\ncsv \(parsed[1])\njson \(parsed[2])")
        // The ids are the rows' positions, and the key values come from the recorded rows.
        for (record, row) in zip(records, parsed[1]) {
            #expect(row[0] == .number(Double(record.id)))
            #expect(row[1] == .text(record.kind))
            if record.kind == "hard_braking" { #expect(record.maxDeceleration! >= record.value) }
        }
        let bad = try runProcess(TestPaths.cli, ["incidents", trace, "--format", "xml"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'xml' is invalid for '--format"), "\(bad.stderr)")
    }

    @Test("key values from known rows: min TTC over the pair's history, hardest braking, closing speed")
    func keyValuesFromKnownRows() throws {
        let path = try TestPaths.temporaryDirectory("incident-values") + "/trace.sqlite"
        let recorder = try TraceRecorder(path: path, meta: TraceMeta(
            scenarioName: "unit", scenarioText: "", seed: 1, programVersion: "test"))
        func fcd(_ t: Int64, _ id: UInt32, speed: Double, accel: Double) throws {
            try recorder.record(VehicleRow(
                time: .milliseconds(t), vehicleID: id, x: 0, y: 0, angleDeg: 0, speed: speed, accel: accel, lane: 0,
                policy: "expert", type: "car", pos: 0))
        }
        try fcd(1_000, 1, speed: 30, accel: -2)
        try fcd(1_000, 2, speed: 20, accel: 0)
        try fcd(2_000, 1, speed: 28, accel: -6.5)
        try fcd(2_000, 2, speed: 21, accel: 0.5)
        try fcd(3_000, 1, speed: 10, accel: -1)  // after every incident: ignored
        try recorder.record(IncidentRow(time: .milliseconds(1_500), kind: "near_miss", vehicleA: 1, vehicleB: 2, value: 1.2, detail: "ttc_s"))
        try recorder.record(IncidentRow(time: .milliseconds(2_500), kind: "near_miss", vehicleA: 1, vehicleB: 2, value: 0.8, detail: "ttc_s"))
        try recorder.record(IncidentRow(time: .milliseconds(2_500), kind: "hard_braking", vehicleA: 1, vehicleB: nil, value: 6.5, detail: "decel_mps2"))
        try recorder.record(IncidentRow(time: .milliseconds(2_600), kind: "collision", vehicleA: 1, vehicleB: UInt32.max, value: 0.3, detail: "overlap_m"))
        try recorder.finish(summary: [:])
        let records = try IncidentReport.build(try TraceReader(path: path), lookback: .seconds(10))
        #expect(records.map(\.id) == [0, 1, 2, 3])
        #expect(records[0].minTTC == 1.2 && records[1].minTTC == 0.8)
        #expect(records[0].closingSpeed == 10 && records[1].closingSpeed == 7)
        #expect(records[0].maxDeceleration == 2 && records[1].maxDeceleration == 6.5)
        #expect(records[2].minTTC == nil && records[2].closingSpeed == nil && records[2].maxDeceleration == 6.5)
        // Against a hazard (a pseudo id counted down from UInt32.max): it stands, and a collision's TTC is 0.
        #expect(records[3].minTTC == 0 && records[3].closingSpeed == 28)
        let csv = IncidentReport.render(records, as: .csv).split(separator: "\n")
        #expect(csv[0] == "id,kind,time_s,vehicle_a,vehicle_b,value,detail,min_ttc_s,max_decel_mps2,closing_speed_mps")
        #expect(csv[2] == "1,near_miss,2.500,1,2,0.800,ttc_s,0.800,6.500,7.000")
        #expect(csv[3] == "2,hard_braking,2.500,1,,6.500,decel_mps2,,6.500,")
    }
}
