import Foundation
import Trace

/// The figures of one `v2vsim bench` run: printed as JSON lines as they are measured, and written as one
/// JSON object (`{"figure": {"field": value, …}, …}`, in measurement order) with `--json FILE`.
final class BenchReport {
    /// One JSON value, already formatted.
    struct Value {
        let text: String
        static func number(_ value: Double, decimals: Int = 3) -> Value {
            value.isFinite ? Value(text: String(format: "%.\(decimals)f", value)) : Value(text: "null")
        }
        static func integer(_ value: Int) -> Value { Value(text: String(value)) }
        static func string(_ value: String) -> Value { Value(text: JSONString.literal(value)) }
    }

    private var figures: [(name: String, fields: [(String, Value)])] = []

    /// Records one figure and prints it as a JSON line.
    func emit(_ name: String, _ fields: [(String, Value)]) {
        self.figures.append((name, fields))
        let body = fields.map { "\"\($0.0)\": \($0.1.text)" }.joined(separator: ", ")
        // Unbuffered, so that a long benchmark shows each figure as soon as it is measured, even in a pipe.
        FileHandle.standardOutput.write(Data("{\"bench\": \"\(name)\", \(body)}\n".utf8))
    }

    /// Every figure so far as one JSON object.
    var json: String {
        let entries = self.figures.map { figure in
            let body = figure.fields.map { "    \"\($0.0)\": \($0.1.text)" }.joined(separator: ",\n")
            return "  \"\(figure.name)\": {\n\(body)\n  }"
        }
        return "{\n" + entries.joined(separator: ",\n") + "\n}\n"
    }
}
