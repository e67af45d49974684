/// A decimal number read from scenario text, kept as digits and a power of ten.
///
/// Times must convert to integer nanoseconds exactly ("0.1s" is 100 000 000 ns, not the nearest
/// `Double`), so the text is parsed into `significand × 10^exponent` with integer arithmetic and
/// only converted to `Double` for quantities that are real-valued anyway.
struct DecimalNumber: Hashable, Sendable {
    /// True for a leading minus sign.
    var isNegative: Bool
    /// The digits without the decimal point, leading zeros dropped.
    var significand: UInt64
    /// The power of ten the significand is scaled by.
    var exponent: Int
    /// True when the text had neither a decimal point nor an exponent.
    var isInteger: Bool
    /// The number as a `Double`, rounded once by the standard library's parser.
    var doubleValue: Double

    /// Parses `[+-]digits[.digits][e[+-]digits]`; underscores may separate digits ("1_000").
    ///
    /// - Returns: nil when `text` is not such a number or has more than 19 significant digits.
    init?(_ text: Substring) {
        let cleaned = text.filter { $0 != "_" }
        var scalars = Substring(cleaned).unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        var significand: UInt64 = 0
        var exponent = 0
        var digitCount = 0
        var sawPoint = false
        var sawExponent = false
        while let scalar = scalars.first {
            if let digit = DecimalNumber.digitValue(scalar) {
                digitCount += 1
                if significand == 0 && digit == 0 {
                    if sawPoint { exponent -= 1 }
                } else {
                    let (product, overflow1) = significand.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = product.addingReportingOverflow(UInt64(digit))
                    guard !overflow1 && !overflow2 else { return nil }
                    significand = sum
                    if sawPoint { exponent -= 1 }
                }
                scalars = scalars.dropFirst()
            } else if scalar == "." && !sawPoint {
                sawPoint = true
                scalars = scalars.dropFirst()
            } else if scalar == "e" || scalar == "E" {
                sawExponent = true
                scalars = scalars.dropFirst()
                break
            } else {
                return nil
            }
        }
        guard digitCount > 0 else { return nil }
        if sawExponent {
            guard let power = DecimalNumber.parseExponent(scalars) else { return nil }
            exponent += power
        }
        guard let double = Double(cleaned), double.isFinite else { return nil }
        self.isNegative = negative && significand != 0
        self.significand = significand
        self.exponent = exponent
        self.isInteger = !sawPoint && !sawExponent
        self.doubleValue = double
    }

    /// This number times `factor`, if the product is a whole number that fits in `Int64`.
    ///
    /// - Returns: `.value`, `.notWhole` when a fraction of the base unit remains, or `.overflow`.
    func exactProduct(with factor: Int64) -> ExactProduct {
        precondition(factor > 0, "unit factors are positive")
        let (high, low) = self.significand.multipliedFullWidth(by: UInt64(factor))
        guard high == 0 else { return .overflow }
        var magnitude = low
        if self.exponent < 0 {
            var divisor: UInt64 = 1
            for _ in 0..<(-self.exponent) {
                let (next, over) = divisor.multipliedReportingOverflow(by: 10)
                guard !over else { return magnitude == 0 ? .value(0) : .notWhole }
                divisor = next
            }
            guard magnitude % divisor == 0 else { return .notWhole }
            magnitude /= divisor
        } else {
            for _ in 0..<self.exponent where magnitude != 0 {
                let (next, over) = magnitude.multipliedReportingOverflow(by: 10)
                guard !over else { return .overflow }
                magnitude = next
            }
        }
        guard magnitude <= UInt64(Int64.max) else { return .overflow }
        let signed = Int64(magnitude)
        return .value(self.isNegative ? -signed : signed)
    }

    /// The outcome of `exactProduct(with:)`.
    enum ExactProduct: Hashable, Sendable {
        case value(Int64)
        case notWhole
        case overflow
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        guard ("0"..."9").contains(scalar) else { return nil }
        return Int(scalar.value) - Int(("0" as Unicode.Scalar).value)
    }

    private static func parseExponent(_ scalars: Substring.UnicodeScalarView.SubSequence) -> Int? {
        var rest = scalars
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, rest.count <= 4 else { return nil }
        var value = 0
        for scalar in rest {
            guard let digit = DecimalNumber.digitValue(scalar) else { return nil }
            value = value * 10 + digit
        }
        return negative ? -value : value
    }
}
