/// Takes YAML aliases out of a text before Yams sees it, so that the loader resolves them itself
/// with a budget.
///
/// Yams resolves an alias by sharing the anchored node, which is cheap, but it hashes and compares
/// mapping keys as whole trees, so an alias of a large collection used as a key (`? *bomb`) costs
/// its full expansion inside `Yams.compose`, where no limit can reach. Yams also forgets anchor names
/// once it returns. So this scan replaces each alias token `*name` by a placeholder plain scalar of
/// the same length in Unicode scalars (no position moves), and records every anchor `&name` with the
/// position where its node starts (libyaml marks a node at its first property). The converter then
/// maps placeholders back to the anchored nodes, counting what each alias expands to.
///
/// The scan is lexical and errs on the side of replacing: a `*name` inside a quoted scalar, a
/// comment or a block scalar is replaced too and put back verbatim by the converter, which only
/// treats a whole plain scalar as an alias (a plain scalar cannot start with `*` in YAML). An
/// `&name` that is not a real anchor never coincides with a node's mark, so it is inert.
struct AliasScanner {
    /// One alias token as written.
    struct Alias: Sendable {
        /// The anchor name, without `*`.
        var name: String
        /// Where the `*` is.
        var position: TextPosition
    }

    /// The result of a scan.
    struct Output: Sendable {
        /// The text with every alias token replaced by its placeholder.
        var text: String
        /// The aliases by placeholder index (`AliasScanner.index(ofPlaceholder:)`).
        var aliases: [Alias]
        /// Anchor names by the position where their node starts.
        var anchors: [TextPosition: String]
    }

    /// The first scalar of a placeholder is this plus the alias's index (Unicode plane 15, private use).
    static let placeholderBase: UInt32 = 0xF_0000
    /// The remaining scalars of a placeholder (plane 16, private use).
    static let placeholderFill = Unicode.Scalar(0x10_0000)!
    /// Most aliases a placeholder can number (plane 15 ends at U+FFFFD).
    static let placeholderCapacity = 0xF_FFFD - 0xF_0000 + 1

    /// True for scalars the loader reserves for its placeholders (these, and U+E000…U+E0FF for
    /// renamed duplicate keys); a scenario text may not contain them.
    static func isReserved(_ scalar: Unicode.Scalar) -> Bool {
        (0xE000...0xE0FF).contains(scalar.value) || scalar.value >= AliasScanner.placeholderBase
    }

    /// Scans `text`.
    ///
    /// - Parameter maxAliases: more alias tokens than this is an error at the first one too many.
    /// - Returns: the scan, or the problem (a reserved scalar, too many aliases) with its position.
    static func scan(_ text: String, maxAliases: Int) -> Result<Output, ScanProblem> {
        if !AliasScanner.mayNeedScan(text) { return .success(Output(text: text, aliases: [], anchors: [:])) }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        output.reserveCapacity(scalars.count)
        var aliases: [Alias] = []
        var anchors: [TextPosition: String] = [:]
        var line = 1
        var column = 1
        var index = 0
        // Where the last run of non-blank scalars on this line started, and whether it was a tag:
        // `!t &a x` starts the node at the tag.
        var previousRun: (position: TextPosition, isTag: Bool)?
        var currentRun: (position: TextPosition, isTag: Bool)?
        var previous: Unicode.Scalar?
        let limit = min(maxAliases, AliasScanner.placeholderCapacity)
        while index < scalars.count {
            let scalar = scalars[index]
            let position = TextPosition(line: line, column: column)
            if index == 0 && scalar == "\u{FEFF}" {
                // libyaml skips a byte-order mark without counting a column.
                output.append(scalar)
                index += 1
                continue
            }
            if AliasScanner.isReserved(scalar) {
                return .failure(ScanProblem(position: position, problem: .reservedScalar(scalar)))
            }
            if AliasScanner.isBreak(scalar) {
                // "\r\n" is one break, as for libyaml.
                let width = scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" ? 2 : 1
                output.append(contentsOf: scalars[index..<index + width])
                index += width
                line += 1
                column = 1
                (previous, previousRun, currentRun) = ("\n", nil, nil)
                continue
            }
            if scalar == " " || scalar == "\t" {
                if let run = currentRun { previousRun = run }
                currentRun = nil
            } else if currentRun == nil {
                currentRun = (position, scalar == "!")
            }
            let startsToken = previous.map(AliasScanner.mayPrecedeToken) ?? true
            if startsToken, scalar == "*" || scalar == "&" {
                let nameEnd = AliasScanner.nameEnd(scalars, from: index + 1)
                if nameEnd > index + 1 {
                    let name = String(String.UnicodeScalarView(scalars[index + 1..<nameEnd]))
                    if scalar == "*" {
                        guard aliases.count < limit else {
                            return .failure(ScanProblem(position: position, problem: .tooManyAliases(limit)))
                        }
                        output.append(contentsOf: AliasScanner.placeholder(aliases.count, length: nameEnd - index))
                        aliases.append(Alias(name: name, position: position))
                    } else {
                        let tag = previousRun.flatMap { $0.isTag ? $0.position : nil }
                        anchors[tag ?? position] = name
                        output.append(contentsOf: scalars[index..<nameEnd])
                    }
                    column += nameEnd - index
                    index = nameEnd
                    previous = scalars[nameEnd - 1]
                    continue
                }
            }
            output.append(scalar)
            previous = scalar
            index += 1
            column += 1
        }
        return .success(Output(text: String(output), aliases: aliases, anchors: anchors))
    }

    /// False when `text` has no `*`, no `&` and no reserved scalar (the usual case), so that there
    /// is nothing to scan: a byte loop over the UTF-8 (reserved scalars begin with 0xEE, 0xF3 or 0xF4).
    private static func mayNeedScan(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.contains { byte in
                byte == UInt8(ascii: "*") || byte == UInt8(ascii: "&") || byte == 0xEE || byte >= 0xF3
            }
        }
    }

    /// The placeholder for alias number `index`, `length` scalars long.
    static func placeholder(_ index: Int, length: Int) -> String.UnicodeScalarView {
        var scalars = String.UnicodeScalarView()
        scalars.append(Unicode.Scalar(AliasScanner.placeholderBase + UInt32(index))!)
        for _ in 1..<max(length, 2) { scalars.append(AliasScanner.placeholderFill) }
        return scalars
    }

    /// The alias index of `text` when it is exactly one placeholder.
    static func index(ofPlaceholder text: String) -> Int? {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, first.value >= AliasScanner.placeholderBase,
            first != AliasScanner.placeholderFill, scalars.count >= 2,
            scalars.dropFirst().allSatisfy({ $0 == AliasScanner.placeholderFill })
        else { return nil }
        return Int(first.value - AliasScanner.placeholderBase)
    }

    /// `text` with every placeholder in it written back as the alias token it replaced.
    static func restoring(_ text: String, aliases: [Alias]) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= AliasScanner.placeholderBase }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == AliasScanner.placeholderFill { continue }
            if scalar.value >= AliasScanner.placeholderBase {
                let index = Int(scalar.value - AliasScanner.placeholderBase)
                if index < aliases.count {
                    result.append("*")
                    result.append(contentsOf: aliases[index].name.unicodeScalars)
                    continue
                }
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// libyaml's line breaks: LF, CR, NEL, LS, PS.
    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": true
        default: false
        }
    }

    /// Whether a token (an alias or an anchor) can start right after `scalar`: after blanks, and
    /// after the indicators that end a token without a blank (flow punctuation, a JSON-like `:`,
    /// closing quotes). Anything more is harmless, anything less could let an alias through.
    private static func mayPrecedeToken(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\u{FEFF}", "[", "]", "{", "}", ",", ":", "'", "\"", "?", "-": true
        default: false
        }
    }

    /// The end of an anchor name starting at `start`: libyaml's anchor characters are ASCII
    /// letters, digits, `_` and `-`.
    private static func nameEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var end = start
        while end < scalars.count, AliasScanner.isAnchorCharacter(scalars[end]) { end += 1 }
        return end
    }

    private static func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "a"..."z", "A"..."Z", "_", "-": true
        default: false
        }
    }
}

/// Why a scan stopped, and where.
struct ScanProblem: Error, Sendable {
    enum Kind: Sendable {
        case reservedScalar(Unicode.Scalar)
        case tooManyAliases(Int)
    }

    var position: TextPosition
    var problem: Kind

    /// The issue text.
    var message: String {
        switch self.problem {
        case .reservedScalar(let scalar):
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "contains the private-use character U+\(hex), which scenario files may not use"
        case .tooManyAliases(let limit):
            return "more than \(limit) aliases"
        }
    }
}
