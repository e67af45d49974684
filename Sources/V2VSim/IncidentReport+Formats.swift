import Trace

/// The three renderings of `v2vsim incidents`: an aligned table for people, CSV and JSON for tools.
/// All three carry the same columns and the same fixed-decimal numbers, so each parses back to the
/// same rows; a missing value is `-` in the table, an empty cell in CSV and `null` in JSON.
extension IncidentReport {
    /// The output formats.
    public enum Format: String, CaseIterable, Sendable {
        case table, csv, json
    }

    /// Column names, in order (also the CSV header and the JSON keys).
    public static let columns = [
        "id", "kind", "time_s", "vehicle_a", "vehicle_b", "value", "detail", "min_ttc_s", "max_decel_mps2",
        "closing_speed_mps",
    ]

    /// `records` in `format`, ending with a newline.
    public static func render(_ records: [IncidentRecord], as format: Format) -> String {
        let cells = records.map(Self.cells)
        switch format {
        case .csv:
            let lines = [Self.columns.joined(separator: ",")] + cells.map { row in
                row.map { $0 ?? "" }.map(Self.csvEscaped).joined(separator: ",")
            }
            return lines.joined(separator: "\n") + "\n"
        case .table:
            let text = cells.map { row in row.map { $0 ?? "-" } }
            let all = [Self.columns] + text
            let widths = Self.columns.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
            return all.map { row in
                row.enumerated().map { c, cell in cell.padding(to: widths[c]) }.joined(separator: "  ")
                    .trimmingTrailingSpaces()
            }.joined(separator: "\n") + "\n"
        case .json:
            let objects = cells.map { row in
                "  {" + zip(Self.columns, row).map { name, cell in
                    "\"\(name)\": " + Self.jsonValue(cell, quoted: name == "kind" || name == "detail")
                }.joined(separator: ", ") + "}"
            }
            return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        }
    }

    /// One record's cells in column order; nil where a value is absent.
    static func cells(_ r: IncidentRecord) -> [String?] {
        [
            String(r.id), r.kind, DecimalFormat.fixed(Double(r.time.nanoseconds) / 1e9, 3), String(r.vehicleA),
            r.vehicleB.map { String($0) }, Self.number(r.value), r.detail, r.minTTC.map(Self.number),
            r.maxDeceleration.map(Self.number), r.closingSpeed.map(Self.number),
        ]
    }

    /// Three decimals; NaN (a value SQLite stored as NULL) counts as absent in every format.
    private static func number(_ value: Double) -> String {
        value.isFinite ? DecimalFormat.fixed(value, 3) : "nan"
    }

    private static func csvEscaped(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return cell }
        return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }

    private static func jsonValue(_ cell: String?, quoted: Bool) -> String {
        guard let cell else { return "null" }
        guard quoted || cell == "nan" else { return cell }
        return JSONString.literal(cell)
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self.count >= width ? self : self + String(repeating: " ", count: width - self.count)
    }

    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
