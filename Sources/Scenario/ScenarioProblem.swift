/// What is wrong with one scenario value; `description` is the message part of an issue.
public enum ScenarioProblem: Hashable, Sendable, CustomStringConvertible {
    /// The scenario file cannot be read: missing, a directory, unreadable, not UTF-8, empty.
    case unreadable(String)
    /// The text is not valid YAML; the problem as libyaml reports it.
    case invalidYAML(String)
    /// A required key is absent.
    case missing
    /// The value has the wrong type, e.g. a list where a mapping belongs or 3.5 for an integer.
    case typeMismatch(expected: String, got: String)
    /// The value has the right type but lies outside the allowed range.
    case outOfRange(allowed: String, got: String)
    /// A number with a unit of the wrong kind, e.g. `duration: 3km`.
    case wrongUnit(expected: String, units: String, got: String, gotKind: String)
    /// A unit symbol that v2vsim does not know.
    case unknownUnit(String, in: String, expected: String, units: String, suggestion: String?)
    /// A value that must be one of a fixed set of names.
    case notOneOf(allowed: [String], got: String, suggestion: String?)
    /// A name that must refer to something that exists, such as a driving policy.
    case unknownReference(kind: String, name: String, available: [String], suggestion: String?)
    /// A key that the schema does not have at this place.
    case unknownKey(String, suggestion: String?, known: [String])
    /// A key given twice in one mapping; the position of its first occurrence.
    case duplicateKey(String, firstLine: Int, firstColumn: Int)
    /// A rule that relates several values, e.g. "exactly one of count and flow".
    case constraint(String)
    /// A `--set` override that cannot be applied (malformed, or its path does not fit the file).
    case invalidOverride(String)
    /// The text asks for more than a scenario may use (`YAMLLimits`): size, nodes, aliases,
    /// nesting or scalar length; the message names the limit ("alias expansion exceeds 100000 nodes").
    case limitExceeded(String)

    /// The message, without file, position or field: "must be a positive integer, got -3".
    public var description: String {
        switch self {
        case .unreadable(let reason):
            return reason
        case .invalidYAML(let problem):
            return "invalid YAML: \(problem)"
        case .missing:
            return "missing required key"
        case .typeMismatch(let expected, let got), .outOfRange(let expected, let got):
            return "must be \(expected), got \(got)"
        case .wrongUnit(let expected, let units, let got, let gotKind):
            return "must be \(expected) (\(units)), got '\(got)', which is \(gotKind)"
        case .unknownUnit(let unit, let text, let expected, let units, let suggestion):
            return "unknown unit '\(unit)' in '\(text)'; \(expected) takes \(units)"
                + ScenarioProblem.didYouMean(suggestion)
        case .notOneOf(let allowed, let got, let suggestion):
            return "must be one of \(allowed.joined(separator: ", ")), got '\(got)'"
                + ScenarioProblem.didYouMean(suggestion)
        case .unknownReference(let kind, let name, let available, let suggestion):
            return "unknown \(kind) '\(name)'"
                + (suggestion == nil ? "; available: \(available.joined(separator: ", "))" : "")
                + ScenarioProblem.didYouMean(suggestion)
        case .unknownKey(let key, let suggestion, let known):
            if suggestion != nil { return "unknown key '\(key)'" + ScenarioProblem.didYouMean(suggestion) }
            return "unknown key '\(key)'; expected one of \(known.joined(separator: ", "))"
        case .duplicateKey(let key, let line, let column):
            return "duplicate key '\(key)' (first given at \(line):\(column))"
        case .constraint(let message), .invalidOverride(let message), .limitExceeded(let message):
            return message
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}
