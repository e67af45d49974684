import SimKernel

/// Exports a trace's vehicle samples as SUMO floating-car data (FCD) converted to CSV.
///
/// SUMO writes FCD as XML (`<timestep time><vehicle id x y angle type speed pos lane slope/>`) and
/// its `tools/xml/xml2csv.py` flattens it into columns named `<element>_<attribute>`, separated by
/// `;`. Without a schema (its default) xml2csv orders the attributes of each element
/// alphabetically; checked against SUMO 1.15 (`sumo --fcd-output`, then `xml2csv.py fcd.xml`), whose
/// header is exactly:
///
///     timestep_time;vehicle_angle;vehicle_id;vehicle_lane;vehicle_pos;vehicle_slope;vehicle_speed;vehicle_type;vehicle_x;vehicle_y
///
/// This writes the same header and column order, so scripts written for SUMO's FCD CSV read our
/// traces unchanged. Units as SUMO's: seconds, metres, degrees clockwise from north, m/s; 2
/// decimals, as SUMO's FCD prints them. `vehicle_lane` is a SUMO lane id, `<edge>_<index>` with the
/// single edge named `road` (`road_0` is the rightmost lane); `vehicle_slope` is 0 (a flat road).
public enum FCDExporter {
    /// The header row, in SUMO's xml2csv naming.
    public static let columns = [
        "timestep_time", "vehicle_angle", "vehicle_id", "vehicle_lane", "vehicle_pos", "vehicle_slope", "vehicle_speed",
        "vehicle_type", "vehicle_x", "vehicle_y",
    ]

    /// Writes `path` from the trace's `vehicles` table, in recording order (time, then vehicle).
    ///
    /// - Parameters:
    ///   - tracePath: A finished trace file (schema version 2 or later: it needs `pos_m`).
    ///   - path: The CSV file to write (replaced if present).
    ///   - separator: The field separator; SUMO's xml2csv uses `;`.
    /// - Throws: ``TraceError`` naming the trace or the CSV file that failed.
    public static func export(tracePath: String, to path: String, separator: Character = ";") throws {
        precondition(separator.isASCII && separator != "\"" && !separator.isNewline, "separator must be plain ASCII")
        let reader = try TraceReader(path: tracePath)
        let writer = try CSVFileWriter(path: path, header: self.columns, separator: separator.asciiValue!)
        do {
            try reader.forEachVehicle { try writer.write($0.fcdFields) }
            try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
    }
}

extension VehicleRow {
    /// The row in `FCDExporter.columns` order, with SUMO's precision (2 decimals for time, angle,
    /// pos, slope, speed, x and y).
    var fcdFields: [String] {
        [
            SimTime.format(self.time, decimals: 2), DecimalText.fixed(self.angleDeg, decimals: 2), String(self.vehicleID),
            "road_\(self.lane)", DecimalText.fixed(self.pos, decimals: 2), "0.00", DecimalText.fixed(self.speed, decimals: 2),
            self.type, DecimalText.fixed(self.x, decimals: 2), DecimalText.fixed(self.y, decimals: 2),
        ]
    }
}
