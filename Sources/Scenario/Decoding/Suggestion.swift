/// "Did you mean …?" suggestions for misspelt keys, values and units.
enum Suggestion {
    /// The candidate nearest to `word`, if it is at most `maxDistance` edits away.
    ///
    /// Distance is the optimal string alignment distance (insertions, deletions, substitutions and
    /// swaps of two neighbours each cost 1), so "traffc" and "trafifc" both find "traffic".
    /// Ties go to the earlier candidate, which keeps suggestions deterministic.
    /// - Parameters:
    ///   - word: what the user wrote.
    ///   - candidates: the accepted spellings, in the order to prefer on ties.
    ///   - maxDistance: the largest distance still worth suggesting.
    ///   - ignoringCase: compare lowercased, so "KM" finds "km".
    /// - Returns: the suggestion, or nil when nothing is close or `word` is itself a candidate.
    static func closest(
        to word: String, among candidates: [String], maxDistance: Int = 2, ignoringCase: Bool = false
    ) -> String? {
        guard !candidates.contains(word) else { return nil }
        let normalise: (String) -> [Character] = { ignoringCase ? Array($0.lowercased()) : Array($0) }
        let target = normalise(word)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = Suggestion.distance(target, normalise(candidate))
            if distance <= maxDistance, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Optimal string alignment distance between `a` and `b`.
    ///
    /// - Complexity: O(a.count × b.count).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        var table = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in 0...a.count { table[i * width] = i }
        for j in 0...b.count { table[j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(
                    table[(i - 1) * width + j] + 1,
                    table[i * width + j - 1] + 1,
                    table[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, table[(i - 2) * width + j - 2] + 1)
                }
                table[i * width + j] = value
            }
        }
        return table[a.count * width + b.count]
    }
}
