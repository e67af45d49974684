extension FieldPath {
    /// Parses a dotted path with optional indices, as `--set` takes it: `traffic[0].idm.v0`.
    ///
    /// Keys are letters, digits, `_` and `-`; indices are non-negative integers in brackets.
    /// - Returns: the path, or why `text` is not one.
    static func parse(_ text: String) -> Result<FieldPath, OverrideSyntaxError> {
        var components: [Component] = []
        var rest = Substring(text)
        guard !rest.isEmpty else { return .failure(OverrideSyntaxError("the field path is empty")) }
        while true {
            let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            guard !key.isEmpty else {
                let at = rest.first.map { "'\($0)'" } ?? "the end"
                return .failure(OverrideSyntaxError("invalid field path '\(text)': expected a key name at \(at)"))
            }
            components.append(.key(String(key)))
            rest = rest.dropFirst(key.count)
            while rest.first == "[" {
                let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
                let afterDigits = rest.dropFirst(1 + digits.count)
                guard !digits.isEmpty, afterDigits.first == "]", let index = Int(digits) else {
                    return .failure(
                        OverrideSyntaxError(
                            "invalid field path '\(text)': an index must be a non-negative integer in []"))
                }
                components.append(.index(index))
                rest = afterDigits.dropFirst()
            }
            if rest.isEmpty { return .success(FieldPath(components: components)) }
            guard rest.first == "." else {
                return .failure(OverrideSyntaxError("invalid field path '\(text)': unexpected '\(rest.first!)'"))
            }
            rest = rest.dropFirst()
        }
    }
}

/// Why a `--set` argument cannot be understood.
struct OverrideSyntaxError: Error, Hashable, Sendable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
