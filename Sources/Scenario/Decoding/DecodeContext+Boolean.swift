extension DecodeContext {
    /// `true` or `false` (YAML 1.2 core schema spellings only).
    mutating func boolean(_ field: SourceField) -> Bool? {
        guard let text = self.scalarText(field, expected: "true or false") else { return nil }
        switch text {
        case "true", "True", "TRUE": self.accept(field); return true
        case "false", "False", "FALSE": self.accept(field); return false
        default:
            self.report(.typeMismatch(expected: "true or false", got: DecodeContext.display(text)), field)
            return nil
        }
    }
}
