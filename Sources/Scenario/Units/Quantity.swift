/// A number with a unit, as read from a scenario value such as "120km/h" or "0.1 s".
struct Quantity: Hashable, Sendable {
    /// The number as written.
    var number: DecimalNumber
    /// The unit it was written in (the kind's base unit for a plain number).
    var unit: UnitSymbol

    /// The value in the base unit of its kind (for time: nanoseconds, as a `Double`).
    var value: Double { self.number.doubleValue * self.unit.factor / self.unit.divisor }

    /// Why a text is not a quantity of the expected kind.
    enum ParseError: Error, Hashable, Sendable {
        /// No number at the start of the text.
        case notANumber
        /// A unit symbol that no kind knows; `suggestion` is a close symbol of the expected kind.
        case unknownUnit(String, suggestion: String?)
        /// A known unit of another kind, e.g. "3km" where a time is expected.
        case wrongKind(unit: String, kind: UnitKind)
    }

    /// Parses `text` as a quantity of `kind`: a decimal number, optional spaces, an optional unit.
    ///
    /// - Returns: the quantity, or why `text` is not one.
    static func parse(_ text: String, as kind: UnitKind) -> Result<Quantity, ParseError> {
        let (numberText, unitText) = Quantity.split(text)
        guard let number = DecimalNumber(numberText) else { return .failure(.notANumber) }
        let symbol = String(unitText)
        if symbol.isEmpty {
            return .success(Quantity(number: number, unit: kind.units[0]))
        }
        if let unit = kind.units.first(where: { $0.symbol == symbol }) {
            return .success(Quantity(number: number, unit: unit))
        }
        if let other = UnitKind.kind(of: symbol) {
            return .failure(.wrongKind(unit: symbol, kind: other))
        }
        let suggestion = Suggestion.closest(
            to: symbol, among: kind.units.map(\.symbol), maxDistance: 1, ignoringCase: true)
        return .failure(.unknownUnit(symbol, suggestion: suggestion))
    }

    /// Splits "12.5 km/h" into the number part "12.5" and the unit part "km/h".
    static func split(_ text: String) -> (number: Substring, unit: Substring) {
        let trimmed = Substring(text).trimmingSpaces()
        let scalars = Array(trimmed.unicodeScalars)
        var end = 0
        var index = 0
        func isDigit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        while index < scalars.count {
            let scalar = scalars[index]
            if ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" {
                index += 1
                end = index
            } else if scalar == "e" || scalar == "E" {
                var next = index + 1
                if next < scalars.count, scalars[next] == "+" || scalars[next] == "-" { next += 1 }
                guard isDigit(next) else { break }
                index = next
            } else {
                break
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[0..<end])
        var unit = String.UnicodeScalarView()
        unit.append(contentsOf: scalars[end...])
        return (Substring(String(view)), Substring(String(unit)).trimmingSpaces())
    }
}

extension Substring {
    /// This text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
