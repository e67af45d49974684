extension SourceNode {
    /// Applies `override` to this tree (the root mapping): replaces the value at its path, and
    /// creates the mappings, keys and list entries on the way that do not exist yet.
    ///
    /// A list can grow by one: `traffic[2]` on a list of two entries appends a third.
    /// - Returns: nil on success, or the problem that stopped the override (the tree is unchanged).
    mutating func apply(_ override: Override) -> LocatedProblem? {
        var copy = self
        let origin = override.value.origin
        if let (field, problem) = copy.set(
            override.value, at: override.path.components[...], walked: .root, origin: origin)
        {
            return LocatedProblem(origin: origin, field: field, problem: problem)
        }
        self = copy
        return nil
    }

    private mutating func set(
        _ value: SourceNode, at rest: ArraySlice<FieldPath.Component>, walked: FieldPath, origin: SourceOrigin
    ) -> (FieldPath, ScenarioProblem)? {
        guard let first = rest.first else {
            self = value
            return nil
        }
        let remaining = rest.dropFirst()
        switch first {
        case .key(let key):
            if self.isNull { self.content = .mapping([]) }
            guard case .mapping(var entries) = self.content else {
                let what =
                    if case .sequence = self.content {
                        "is a list, so it has no key '\(key)'; pick an entry first, e.g. \(walked)[0].\(key)"
                    } else {
                        "is a scalar (\(self.kindDescription)), so it has no key '\(key)'"
                    }
                return (walked, .invalidOverride(what))
            }
            if let position = entries.firstIndex(where: { $0.key == key }) {
                var child = entries[position].value
                if let problem = child.set(value, at: remaining, walked: walked.key(key), origin: origin) {
                    return problem
                }
                entries[position].value = child
            } else {
                var child = SourceNode.null(at: origin)
                if let problem = child.set(value, at: remaining, walked: walked.key(key), origin: origin) {
                    return problem
                }
                entries.append(SourceEntry(key: key, keyOrigin: origin, value: child))
            }
            self.content = .mapping(entries)
        case .index(let index):
            if self.isNull { self.content = .sequence([]) }
            guard case .sequence(var items) = self.content else {
                let what = if case .mapping = self.content { "a mapping" } else { "a scalar (\(self.kindDescription))" }
                return (walked, .invalidOverride("is \(what), not a list, so it has no entry [\(index)]"))
            }
            if index < items.count {
                var child = items[index]
                if let problem = child.set(value, at: remaining, walked: walked.index(index), origin: origin) {
                    return problem
                }
                items[index] = child
            } else if index == items.count {
                var child = SourceNode.null(at: origin)
                if let problem = child.set(value, at: remaining, walked: walked.index(index), origin: origin) {
                    return problem
                }
                items.append(child)
            } else {
                let entries = items.count == 1 ? "1 entry" : "\(items.count) entries"
                return (
                    walked,
                    .invalidOverride("has \(entries), so [\(index)] is out of range (use [\(items.count)] to add one)")
                )
            }
            self.content = .sequence(items)
        }
        return nil
    }
}
