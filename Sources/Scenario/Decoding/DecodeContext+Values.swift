import SimKernel

/// Decoders for single values. Each returns nil after reporting exactly one problem, or the
/// value after remembering where it came from.
extension DecodeContext {
    /// The text of a non-null scalar; reports `expected` vs what was found otherwise.
    mutating func scalarText(_ field: SourceField, expected: String) -> String? {
        guard case .scalar(let scalar) = field.node.content, !scalar.isNull else {
            self.report(.typeMismatch(expected: expected, got: field.node.kindDescription), field)
            return nil
        }
        return scalar.text
    }

    /// A non-empty string.
    mutating func string(_ field: SourceField) -> String? {
        guard let text = self.scalarText(field, expected: "a non-empty string") else { return nil }
        guard !Substring(text).trimmingSpaces().isEmpty else {
            self.report(.typeMismatch(expected: "a non-empty string", got: "'\(text)'"), field)
            return nil
        }
        self.accept(field)
        return text
    }

    /// An integer within `range`; "3.5" and "3.0" are not integers.
    mutating func integer(_ field: SourceField, in range: ClosedRange<Int>) -> Int? {
        guard let text = self.scalarText(field, expected: "an integer") else { return nil }
        guard let number = DecimalNumber(Substring(text)), number.isInteger else {
            self.report(.typeMismatch(expected: "an integer", got: DecodeContext.display(text)), field)
            return nil
        }
        guard case .value(let value) = number.exactProduct(with: 1), let int = Int(exactly: value),
            range.contains(int)
        else {
            let direction: Int64 = number.isNegative ? .min : .max
            let value = if case .value(let value) = number.exactProduct(with: 1) { value } else { direction }
            self.report(.outOfRange(allowed: DecodeContext.phrase(for: range, value: value), got: text), field)
            return nil
        }
        self.accept(field)
        return int
    }

    /// A non-negative integer up to `UInt64.max` (the seed).
    mutating func unsignedInteger(_ field: SourceField) -> UInt64? {
        guard let text = self.scalarText(field, expected: "a non-negative integer") else { return nil }
        guard let number = DecimalNumber(Substring(text)), number.isInteger else {
            self.report(.typeMismatch(expected: "a non-negative integer", got: DecodeContext.display(text)), field)
            return nil
        }
        guard !number.isNegative else {
            self.report(.outOfRange(allowed: "a non-negative integer", got: text), field)
            return nil
        }
        guard let value = UInt64(text.filter { $0 != "_" && $0 != "+" }) else {
            self.report(.outOfRange(allowed: "at most \(UInt64.max)", got: text), field)
            return nil
        }
        self.accept(field)
        return value
    }

    /// A plain number without unit (a fraction, an exponent).
    mutating func plainNumber(_ field: SourceField, _ limits: Limits<Double>) -> Double? {
        guard let text = self.scalarText(field, expected: "a number") else { return nil }
        guard let number = DecimalNumber(Substring(text)) else {
            self.report(.typeMismatch(expected: "a plain number", got: "'\(text)'"), field)
            return nil
        }
        guard limits.allows(number.doubleValue) else {
            self.report(.outOfRange(allowed: limits.phrase, got: text), field)
            return nil
        }
        self.accept(field)
        return number.doubleValue
    }

    /// A time, converted to nanoseconds exactly ("0.1s" is exactly 100 000 000 ns).
    mutating func time(_ field: SourceField, _ limits: Limits<SimTime>) -> SimTime? {
        guard let (text, quantity) = self.quantity(field, of: .time) else { return nil }
        let exact = quantity.number.exactProduct(with: quantity.unit.exactFactor ?? 1)
        guard case .value(let nanoseconds) = exact else {
            let expected =
                exact == .notWhole
                ? "a whole number of nanoseconds" : "a time that fits in 64-bit nanoseconds (about 292 years)"
            self.report(.typeMismatch(expected: expected, got: text), field)
            return nil
        }
        let time = SimTime(nanoseconds: nanoseconds)
        guard limits.allows(time) else {
            self.report(.outOfRange(allowed: limits.phrase, got: text), field)
            return nil
        }
        self.accept(field)
        return time
    }

    /// A data size in whole bytes within `range`.
    mutating func byteCount(_ field: SourceField, in range: ClosedRange<Int>, upperText: String) -> Int? {
        guard let (text, quantity) = self.quantity(field, of: .dataSize) else { return nil }
        guard case .value(let bytes) = quantity.number.exactProduct(with: quantity.unit.exactFactor ?? 1) else {
            self.report(.typeMismatch(expected: "a whole number of bytes", got: text), field)
            return nil
        }
        guard let int = Int(exactly: bytes), range.contains(int) else {
            let limits = Limits<Int>(
                lower: .init(value: range.lowerBound, inclusive: true, text: "\(range.lowerBound)B"),
                upper: .init(value: range.upperBound, inclusive: true, text: upperText))
            self.report(.outOfRange(allowed: limits.phrase, got: text), field)
            return nil
        }
        self.accept(field)
        return int
    }

    /// A quantity of `kind` in its base unit (metres, m/s, Hz, vehicles per hour, bit/s, m/s²).
    mutating func quantity(_ field: SourceField, _ kind: UnitKind, _ limits: Limits<Double>) -> Double? {
        guard let (text, quantity) = self.quantity(field, of: kind) else { return nil }
        guard limits.allows(quantity.value) else {
            self.report(.outOfRange(allowed: limits.phrase, got: text), field)
            return nil
        }
        self.accept(field)
        return quantity.value
    }

    /// One of the raw values of `T`, with a suggestion for near misses.
    mutating func choice<T: RawRepresentable<String> & CaseIterable>(_ field: SourceField, as type: T.Type) -> T? {
        let allowed = T.allCases.map(\.rawValue)
        let expected = "one of " + allowed.joined(separator: ", ")
        guard let text = self.scalarText(field, expected: expected) else { return nil }
        guard let value = T(rawValue: text) else {
            let suggestion = Suggestion.closest(to: text, among: allowed, ignoringCase: true)
            self.report(.notOneOf(allowed: allowed, got: text, suggestion: suggestion), field)
            return nil
        }
        self.accept(field)
        return value
    }

    /// The text and parsed quantity of `field`, or nil after reporting why it is not `kind`.
    private mutating func quantity(_ field: SourceField, of kind: UnitKind) -> (String, Quantity)? {
        let expected = "\(kind.phrase) such as \(kind.example)"
        guard let text = self.scalarText(field, expected: expected) else { return nil }
        switch Quantity.parse(text, as: kind) {
        case .success(let quantity):
            return (text, quantity)
        case .failure(.notANumber):
            self.report(.typeMismatch(expected: expected, got: "'\(text)'"), field)
        case .failure(.wrongKind(_, let other)):
            self.report(
                .wrongUnit(expected: kind.phrase, units: kind.symbolList, got: text, gotKind: other.phrase), field)
        case .failure(.unknownUnit(let unit, let suggestion)):
            self.report(
                .unknownUnit(unit, in: text, expected: kind.phrase, units: kind.symbolList, suggestion: suggestion),
                field)
        }
        return nil
    }

    /// `text` for a message: numbers as they are, anything else in quotes.
    static func display(_ text: String) -> String {
        DecimalNumber(Substring(text)) == nil ? "'\(text)'" : text
    }

    /// The allowed range of an integer for a message about `value`, phrased like the compiler
    /// would: "a positive integer", "at most 100000", "between 1 and 8".
    private static func phrase(for range: ClosedRange<Int>, value: Int64) -> String {
        if range.upperBound - range.lowerBound <= 1_000 {
            return "an integer between \(range.lowerBound) and \(range.upperBound)"
        }
        if value < range.lowerBound {
            switch range.lowerBound {
            case 1: return "a positive integer"
            case 0: return "a non-negative integer"
            default: return "at least \(range.lowerBound)"
            }
        }
        return "at most \(range.upperBound)"
    }
}
