import SimKernel

/// Fixed-decimal text for CSV cells: deterministic, locale-free, rounding half away from zero, never `-0.000`.
enum DecimalText {
    /// `value` with exactly `decimals` digits after the point.
    ///
    /// The value's shortest round-trip decimal text (Swift's `description`, which is locale-free and the same
    /// on every platform) is rounded digit by digit, so `2.0005` gives `2.001` as a reader expects, where
    /// scaling in binary (`2.0005 * 1000 = 2000.4999…`) would give `2.000`. NaN and infinities print as
    /// `nan`, `inf` and `-inf`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        precondition(decimals >= 0)
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let (digits, pointPosition) = Self.decimalDigits(of: value.magnitude)
        // Keep the digits down to 10^-decimals; the next digit decides the rounding.
        let keep = pointPosition + decimals
        var kept = [UInt8](repeating: 0, count: max(keep, 0))
        for index in 0..<min(max(keep, 0), digits.count) {
            kept[index] = digits[index]
        }
        let roundsUp = keep >= 0 && keep < digits.count && digits[keep] >= 5
        if roundsUp {
            Self.increment(&kept)
        }
        return Self.render(kept, negative: value < 0, decimals: decimals)
    }

    /// `time` in seconds with exactly `decimals` (0…9) digits after the point, from integer nanoseconds.
    ///
    /// Same text as `SimTime.format(_:decimals:)`, but safe for every `Int64` (`SimTime.never` included, where
    /// `SimTime.format` overflows) and without `-0.000000` for tiny negative times.
    static func seconds(_ time: SimTime, decimals: Int) -> String {
        precondition((0...9).contains(decimals))
        return Self.nanoseconds(time.nanoseconds, droppingDigits: 9 - decimals, decimals: decimals)
    }

    /// `time` in milliseconds with exactly `decimals` (0…6) digits after the point, from integer nanoseconds.
    static func milliseconds(_ time: SimTime, decimals: Int) -> String {
        precondition((0...6).contains(decimals))
        return Self.nanoseconds(time.nanoseconds, droppingDigits: 6 - decimals, decimals: decimals)
    }

    /// `nanoseconds` with its last `droppingDigits` digits rounded off (half away from zero) and the point put
    /// before the last `decimals` remaining digits. Works on the magnitude as `UInt64`, so it cannot overflow.
    private static func nanoseconds(_ nanoseconds: Int64, droppingDigits: Int, decimals: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<droppingDigits { divisor *= 10 }
        let magnitude = nanoseconds.magnitude
        let remainder = magnitude % divisor
        let scaled = magnitude / divisor + (divisor > 1 && remainder >= divisor / 2 ? 1 : 0)
        let digits = String(scaled).utf8.map { $0 - UInt8(ascii: "0") }
        return Self.render(digits, negative: nanoseconds < 0, decimals: decimals)
    }

    /// Decimal digits of a finite, non-negative `magnitude` and how many of them precede the decimal point
    /// (may be negative or exceed the digit count: `1e-05` → ([1], -4), `1e+16` → ([1], 17)).
    private static func decimalDigits(of magnitude: Double) -> (digits: [UInt8], pointPosition: Int) {
        let text = magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var integerDigits = 0
        var seenPoint = false
        for byte in mantissa.utf8 {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else {
                digits.append(byte - UInt8(ascii: "0"))
                if !seenPoint { integerDigits += 1 }
            }
        }
        return (digits, integerDigits + exponent)
    }

    /// Adds one unit in the last place of a big-endian digit array, growing it on carry out.
    private static func increment(_ digits: inout [UInt8]) {
        var index = digits.count - 1
        while index >= 0 {
            if digits[index] < 9 {
                digits[index] += 1
                return
            }
            digits[index] = 0
            index -= 1
        }
        digits.insert(1, at: 0)
    }

    /// Renders scaled digits (the value times 10^decimals) with the point placed and leading zeros trimmed.
    private static func render(_ scaled: [UInt8], negative: Bool, decimals: Int) -> String {
        var digits = Array(scaled.drop(while: { $0 == 0 }))
        let isZero = digits.isEmpty
        if digits.count < decimals + 1 {
            digits.insert(contentsOf: repeatElement(0, count: decimals + 1 - digits.count), at: 0)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count + 2)
        if negative && !isZero { bytes.append(UInt8(ascii: "-")) }
        for (index, digit) in digits.enumerated() {
            if index == digits.count - decimals { bytes.append(UInt8(ascii: ".")) }
            bytes.append(digit + UInt8(ascii: "0"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
