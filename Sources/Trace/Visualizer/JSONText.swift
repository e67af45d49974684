/// A small, fast writer of JSON text for the Visualizer's data: fixed decimals, no locale, no
/// `String(format:)` (a window holds millions of numbers), keys in the order the caller writes them.
///
/// The output is deterministic: the same values give the same bytes.
struct JSONText {
    private(set) var text: String = ""

    init(capacity: Int = 0) { self.text.reserveCapacity(capacity) }

    mutating func raw(_ s: String) { self.text += s }

    /// `"key":` (the key is quoted and escaped).
    mutating func key(_ name: String) {
        self.string(name)
        self.text += ":"
    }

    mutating func string(_ s: String) { self.text += JSONText.quoted(s) }

    mutating func int<I: BinaryInteger>(_ v: I) { self.text += String(v) }

    /// `value` with `decimals` digits after the point; `null` when not finite.
    mutating func fixed(_ value: Double, _ decimals: Int) { JSONText.appendFixed(value, decimals, to: &self.text) }

    /// A JSON array of integers.
    mutating func ints<S: Sequence>(_ values: S) where S.Element: BinaryInteger {
        self.text += "["
        var first = true
        for v in values {
            if !first { self.text += "," }
            first = false
            self.text += String(v)
        }
        self.text += "]"
    }

    /// A JSON array of numbers with fixed decimals.
    mutating func fixeds<S: Sequence>(_ values: S, _ decimals: Int) where S.Element == Double {
        self.text += "["
        var first = true
        for v in values {
            if !first { self.text += "," }
            first = false
            JSONText.appendFixed(v, decimals, to: &self.text)
        }
        self.text += "]"
    }

    /// A JSON array of strings.
    mutating func strings<S: Sequence>(_ values: S) where S.Element == String {
        self.text += "["
        var first = true
        for v in values {
            if !first { self.text += "," }
            first = false
            self.string(v)
        }
        self.text += "]"
    }

    private static let powers: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]

    static func appendFixed(_ value: Double, _ decimals: Int, to out: inout String) {
        guard value.isFinite, abs(value) < 1e15 else {
            out += "null"
            return
        }
        let d = min(max(decimals, 0), 7)
        let scaled = (abs(value) * Self.powers[d]).rounded()
        var units = Int64(scaled)
        if units == 0 {
            out += "0"
            return
        }
        if value < 0 { out += "-" }
        let scale = Int64(Self.powers[d])
        out += String(units / scale)
        if d > 0 {
            units %= scale
            var digits = String(units)
            if digits.count < d { digits = String(repeating: "0", count: d - digits.count) + digits }
            out += "."
            out += digits
        }
    }

    /// `s` as a JSON string literal (``JSONString/literal(_:)``).
    static func quoted(_ s: String) -> String { JSONString.literal(s) }
}
