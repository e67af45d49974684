/// Scenario texts built to exhaust a loader, shared by the limit tests (and written out as the
/// fuzz corpus's bad seeds, Fuzz/Corpus/scenario/).
enum HostileInputs {
    /// "Billion laughs": `levels` anchors, each a list of `fanOut` aliases of the one before, under
    /// the key `bomb` of an otherwise valid scenario. 9 levels of 9 expand to 9⁸ ≈ 43 million
    /// scalars in about 700 bytes.
    static func aliasBomb(levels: Int = 9, fanOut: Int = 9, asKey: Bool = false) -> String {
        var lines = ["name: t", "duration: 10s", "traffic: [{ count: 1 }]"]
        let names = (0..<levels).map { "l\($0)" }
        lines.append("l0: &l0 [" + Array(repeating: "lol", count: fanOut).joined(separator: ", ") + "]")
        for level in 1..<levels {
            let items = Array(repeating: "*\(names[level - 1])", count: fanOut).joined(separator: ", ")
            lines.append("\(names[level]): &\(names[level]) [\(items)]")
        }
        // As a key, Yams itself would hash the whole expansion (it compares keys as trees).
        lines.append(asKey ? "? *\(names[levels - 1])\n: 1" : "bomb: *\(names[levels - 1])")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A scenario whose `name` is `depth` nested flow lists.
    static func deepNesting(_ depth: Int) -> String {
        "name: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            + "\nduration: 10s\ntraffic: [{ count: 1 }]\n"
    }

    /// A scenario whose `name` is `bytes` letters long.
    static func hugeScalar(_ bytes: Int) -> String {
        "name: " + String(repeating: "x", count: bytes) + "\nduration: 10s\ntraffic: [{ count: 1 }]\n"
    }

    /// A valid scenario padded with comment lines to at least `bytes` bytes.
    static func hugeFile(_ bytes: Int) -> String {
        let line = "# " + String(repeating: "padding ", count: 12) + "\n"
        let text = "name: t\nduration: 10s\ntraffic: [{ count: 1 }]\n"
        return text + String(repeating: line, count: bytes / line.utf8.count + 1)
    }

    /// A scenario with a list of `count` aliases of one scalar.
    static func manyAliases(_ count: Int) -> String {
        "name: &n t\nduration: 10s\ntraffic: [{ count: 1 }]\nnames: ["
            + Array(repeating: "*n", count: count).joined(separator: ", ") + "]\n"
    }

    /// A scenario with a flat list of `count` numbers (no aliases).
    static func manyNodes(_ count: Int) -> String {
        "name: t\nduration: 10s\ntraffic: [{ count: 1 }]\nnumbers: ["
            + Array(repeating: "0", count: count).joined(separator: ",") + "]\n"
    }
}
