/// Reading and writing CSV text (RFC 4180: comma-separated, fields with commas, quotes or line
/// breaks in double quotes, quotes doubled).
enum CSVText {
    /// The rows of `text`; a final line break does not start a row.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; afterQuote = true; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",":
                row.append(field)
                field = ""
                afterQuote = false
            case "\n", "\r\n", "\r":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                afterQuote = false
            default: field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty || afterQuote {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// `value` as one CSV field.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV line (with its line break).
    static func line(_ values: [String]) -> String {
        values.map(CSVText.field).joined(separator: ",") + "\n"
    }
}
