import SimKernel

/// The allowed range of a decoded value, with the bounds as users write them for messages.
struct Limits<Value: Comparable & Sendable>: Sendable {
    /// One end of the range.
    struct Bound: Sendable {
        var value: Value
        var inclusive: Bool
        /// The bound as text in the unit users expect, e.g. "100Hz".
        var text: String
    }

    var lower: Bound?
    var upper: Bound?

    /// True when `value` lies within the range.
    func allows(_ value: Value) -> Bool {
        if let lower = self.lower, lower.inclusive ? value < lower.value : value <= lower.value { return false }
        if let upper = self.upper, upper.inclusive ? value > upper.value : value >= upper.value { return false }
        return true
    }

    /// The range for messages: "greater than 0 and at most 100Hz", "between 1 and 8".
    var phrase: String {
        switch (self.lower, self.upper) {
        case (let lower?, let upper?) where lower.inclusive && upper.inclusive:
            return "between \(lower.text) and \(upper.text)"
        case (let lower?, let upper?):
            return Limits.phrase(lower: lower) + " and " + Limits.phrase(upper: upper)
        case (let lower?, nil):
            return Limits.phrase(lower: lower)
        case (nil, let upper?):
            return Limits.phrase(upper: upper)
        case (nil, nil):
            return "any value"
        }
    }

    private static func phrase(lower: Bound) -> String {
        (lower.inclusive ? "at least " : "greater than ") + lower.text
    }

    private static func phrase(upper: Bound) -> String {
        (upper.inclusive ? "at most " : "less than ") + upper.text
    }
}

extension Limits where Value == Double {
    /// Greater than 0, and at most `max` (written `maxText`) when given.
    static func positive(max: Double? = nil, _ maxText: String = "") -> Limits {
        Limits(
            lower: Bound(value: 0, inclusive: false, text: "0"),
            upper: max.map { Bound(value: $0, inclusive: true, text: maxText) })
    }

    /// From `lower` to `upper`, both included, for plain numbers.
    static func between(_ lower: Double, _ upper: Double) -> Limits {
        Limits(
            lower: Bound(value: lower, inclusive: true, text: "\(lower)".replacingZeroFraction()),
            upper: Bound(value: upper, inclusive: true, text: "\(upper)".replacingZeroFraction()))
    }

    /// From `lower` to `upper`, both included, written with `unit` in messages ("between -150dBm and 50dBm").
    static func between(_ lower: Double, _ upper: Double, unit: String) -> Limits {
        Limits(
            lower: Bound(value: lower, inclusive: true, text: "\(lower)".replacingZeroFraction() + unit),
            upper: Bound(value: upper, inclusive: true, text: "\(upper)".replacingZeroFraction() + unit))
    }

    /// At least 0, and at most `max` (written `maxText`) when given.
    static func nonNegative(max: Double? = nil, _ maxText: String = "") -> Limits {
        Limits(
            lower: Bound(value: 0, inclusive: true, text: "0"),
            upper: max.map { Bound(value: $0, inclusive: true, text: maxText) })
    }
}

extension Limits where Value == SimTime {
    /// Greater than 0, and at most `max` when given.
    static func positive(max: SimTime? = nil) -> Limits {
        Limits(
            lower: Bound(value: .zero, inclusive: false, text: "0"),
            upper: max.map { Bound(value: $0, inclusive: true, text: TimeText.format($0)) })
    }

    /// At least 0, and at most `max` when given.
    static func nonNegative(max: SimTime? = nil) -> Limits {
        Limits(
            lower: Bound(value: .zero, inclusive: true, text: "0"),
            upper: max.map { Bound(value: $0, inclusive: true, text: TimeText.format($0)) })
    }
}

extension String {
    /// "1.0" as "1": Swift prints whole doubles with ".0", which messages do not need.
    fileprivate func replacingZeroFraction() -> String {
        self.hasSuffix(".0") ? String(self.dropLast(2)) : self
    }
}
