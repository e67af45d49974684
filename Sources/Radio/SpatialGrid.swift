/// A uniform grid over the plane for "who is within r of this point" queries, so neighbour search
/// costs O(neighbours) instead of O(all stations).
///
/// Entries are rebuilt wholesale (`rebuild`), which suits a world that moves every step. The cells
/// are kept as one array of entries sorted by (cell, entry index) with a sorted table of occupied
/// cells, so a query is a few binary searches and contiguous reads: it allocates nothing, hashes
/// nothing and visits entries in a deterministic order (cells by column then row, entries within a
/// cell by ascending index). Callers that need ascending entry order sort what they collected.
public struct SpatialGrid: Sendable, Codable {
    public struct Entry: Sendable, Codable {
        /// Caller's index for the entry.
        public let index: Int
        public let x: Double
        public let y: Double

        public init(index: Int, x: Double, y: Double) {
            self.index = index
            self.x = x
            self.y = y
        }
    }

    public let cellSize: Double
    /// Occupied cells, ascending, and where each one's entries start in `entries`.
    private var cellKeys: [Int64] = []
    private var cellStarts: [Int] = []
    /// All entries, sorted by (cell key, index).
    private var entries: [Entry] = []
    /// Rebuild scratch, kept for its capacity.
    private var keyed: [(key: Int64, entry: Entry)] = []

    /// Everything but the rebuild scratch, which `rebuild` empties before use.
    private enum CodingKeys: String, CodingKey {
        case cellSize, cellKeys, cellStarts, entries
    }

    /// - Parameter cellSize: about half the query radius that matters most, so a query touches 5×5 cells.
    public init(cellSize: Double) {
        precondition(cellSize > 0 && cellSize.isFinite, "cell size must be positive and finite")
        self.cellSize = cellSize
    }

    /// Number of entries.
    public var count: Int { self.entries.count }

    /// Cell coordinates clamp to ±2³⁰, which keeps the packed key unique far beyond any road.
    @inline(__always)
    private func cell(_ v: Double) -> Int64 {
        let c = (v / self.cellSize).rounded(.down)
        return Int64(max(-1_073_741_824, min(1_073_741_824, c)))
    }

    @inline(__always)
    private static func key(_ cx: Int64, _ cy: Int64) -> Int64 { (cx << 32) | (cy & 0xFFFF_FFFF) }

    /// Replaces all entries.
    /// - Complexity: O(n log n) for n entries.
    public mutating func rebuild(_ newEntries: [Entry]) {
        self.keyed.removeAll(keepingCapacity: true)
        for e in newEntries { self.keyed.append((Self.key(self.cell(e.x), self.cell(e.y)), e)) }
        self.keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.entry.index < $1.entry.index }
        self.entries.removeAll(keepingCapacity: true)
        self.cellKeys.removeAll(keepingCapacity: true)
        self.cellStarts.removeAll(keepingCapacity: true)
        for (i, item) in self.keyed.enumerated() {
            if self.cellKeys.last != item.key {
                self.cellKeys.append(item.key)
                self.cellStarts.append(i)
            }
            self.entries.append(item.entry)
        }
        self.cellStarts.append(self.entries.count)
    }

    /// Calls `body` with every entry within `radius` of (x, y) and its distance, in the grid's
    /// deterministic order (see the type's doc). Allocates nothing.
    public func forEach(
        within radius: Double, ofX x: Double, y: Double, _ body: (Entry, Double) throws -> Void
    ) rethrows {
        guard !self.entries.isEmpty else { return }
        let span = Int64((radius / self.cellSize).rounded(.up))
        let cx = self.cell(x)
        let cy = self.cell(y)
        let r2 = radius * radius
        for dx in -span...span {
            for dy in -span...span {
                guard let slot = self.slot(of: Self.key(cx + dx, cy + dy)) else { continue }
                for i in self.cellStarts[slot]..<self.cellStarts[slot + 1] {
                    let e = self.entries[i]
                    let ddx = e.x - x
                    let ddy = e.y - y
                    let d2 = ddx * ddx + ddy * ddy
                    if d2 <= r2 { try body(e, d2.squareRoot()) }
                }
            }
        }
    }

    /// Binary search for an occupied cell.
    @inline(__always)
    private func slot(of key: Int64) -> Int? {
        var low = 0
        var high = self.cellKeys.count
        while low < high {
            let mid = (low + high) / 2
            if self.cellKeys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < self.cellKeys.count && self.cellKeys[low] == key ? low : nil
    }

    /// Entries within `radius` of (x, y), with their distance, sorted by entry index.
    /// Allocates its result; the simulation's hot paths use `forEach` instead.
    public func within(radius: Double, ofX x: Double, y: Double) -> [(entry: Entry, distance: Double)] {
        var out: [(entry: Entry, distance: Double)] = []
        self.forEach(within: radius, ofX: x, y: y) { out.append(($0, $1)) }
        out.sort { $0.entry.index < $1.entry.index }
        return out
    }
}
