import Yams

/// A 1-based line and column in a text, columns counted in Unicode scalars as libyaml counts them.
struct TextPosition: Hashable, Sendable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of a Yams mark.
    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }

    /// The position of the character at `characterOffset` (counted in `Character`s) in `text`.
    init?(characterOffset: Int, in text: String) {
        guard let index = text.index(text.startIndex, offsetBy: characterOffset, limitedBy: text.endIndex) else {
            return nil
        }
        var line = 1
        var column = 1
        var previousWasCR = false
        for scalar in text.unicodeScalars[..<index] {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            if scalar == "\n" || scalar == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previousWasCR = scalar == "\r"
        }
        self.init(line: line, column: column)
    }

    /// The index of this position's Unicode scalar in `text`, or nil when it lies beyond the text.
    ///
    /// Line breaks are "\n", "\r\n" and "\r", as for libyaml.
    func index(in text: String) -> String.UnicodeScalarView.Index? {
        let scalars = text.unicodeScalars
        var line = 1
        var column = 1
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if line == self.line && column == self.column { return index }
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                index = scalars.index(after: index)
            }
            if scalar == "\n" || scalar == "\r" {
                if line == self.line { return nil }
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }
}

/// The Unicode scalars of a text by line, to look up the character at a position quickly.
struct LineIndex: Sendable {
    private let lines: [[Unicode.Scalar]]

    /// Indexes `text`; line breaks are "\n", "\r\n" and "\r".
    init(_ text: String) {
        var lines: [[Unicode.Scalar]] = [[]]
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            if scalar == "\n" && previousWasCR { continue }
            if scalar == "\n" || scalar == "\r" {
                lines.append([])
            } else {
                lines[lines.count - 1].append(scalar)
            }
        }
        self.lines = lines
    }

    /// The scalar at `position`, or nil beyond the text.
    func scalar(at position: TextPosition) -> Unicode.Scalar? {
        guard position.line >= 1, position.line <= self.lines.count else { return nil }
        let line = self.lines[position.line - 1]
        guard position.column >= 1, position.column <= line.count else { return nil }
        return line[position.column - 1]
    }
}
