import Foundation
import Testing
import Trace

/// The FCD CSV export matches what SUMO's own tools write, checked once by hand against SUMO 1.15
/// (`sumo --fcd-output fcd.xml`, then `tools/xml/xml2csv.py fcd.xml`; see docs/trace.md). These
/// tests pin that layout without needing SUMO.
@Suite("FCD CSV export (SUMO layout)")
struct FCDExportTests {
    @Test("header and rows as SUMO 1.15's xml2csv writes them: ';', attributes in alphabetical order, 2 decimals")
    func layout() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let trace = dir.file("trace.sqlite")
        try SampleRows.record(to: trace)
        try FCDExporter.export(tracePath: trace, to: dir.file("fcd.csv"))
        let lines = try String(contentsOfFile: dir.file("fcd.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        // SUMO 1.15: timestep_time;vehicle_angle;vehicle_id;vehicle_lane;vehicle_pos;vehicle_slope;vehicle_speed;vehicle_type;vehicle_x;vehicle_y
        #expect(lines.first == "timestep_time;vehicle_angle;vehicle_id;vehicle_lane;vehicle_pos;vehicle_slope;"
            + "vehicle_speed;vehicle_type;vehicle_x;vehicle_y")
        // SUMO writes e.g. `0.00;90.00;v0;A0B0_0;5.10;0.00;14.72;car;8.30;-1.60`.
        #expect(lines.count == 3)
        #expect(lines[1] == "1.50;360.00;7;road_2;12.35;0.00;2.00;car;-12.35;0.00")
        #expect(lines[2] == "1.60;0.00;8;road_0;0.00;0.00;33.33;truck;0.00;-3.50")
    }
}
