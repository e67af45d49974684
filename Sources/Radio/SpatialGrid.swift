/// A uniform grid over the plane for "who is within r of this point" queries, so neighbour search
/// costs O(neighbours) instead of O(all stations).
///
/// Entries are rebuilt wholesale (`rebuild`), which suits a world that moves every step. Queries
/// return entries in ascending entry order, so results never depend on hashing.
public struct SpatialGrid: Sendable {
    public struct Entry: Sendable {
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
    private var cells: [Int64: [Entry]] = [:]

    /// - Parameter cellSize: at least the query radius that matters most, so a query touches 3×3 cells.
    public init(cellSize: Double) {
        precondition(cellSize > 0)
        self.cellSize = cellSize
    }

    private func cellKey(_ cx: Int64, _ cy: Int64) -> Int64 { cx &* 1_000_003 &+ cy }

    private func cell(_ v: Double) -> Int64 { Int64((v / self.cellSize).rounded(.down)) }

    /// Replaces all entries.
    public mutating func rebuild(_ entries: [Entry]) {
        for key in self.cells.keys { self.cells[key]!.removeAll(keepingCapacity: true) }
        for e in entries { self.cells[self.cellKey(self.cell(e.x), self.cell(e.y)), default: []].append(e) }
    }

    /// Entries within `radius` of (x, y), with their distance, sorted by entry index.
    public func within(radius: Double, ofX x: Double, y: Double) -> [(entry: Entry, distance: Double)] {
        var out: [(entry: Entry, distance: Double)] = []
        let span = Int64((radius / self.cellSize).rounded(.up))
        let cx = self.cell(x)
        let cy = self.cell(y)
        let r2 = radius * radius
        for dx in -span...span {
            for dy in -span...span {
                guard let bucket = self.cells[self.cellKey(cx + dx, cy + dy)] else { continue }
                for e in bucket {
                    let ddx = e.x - x
                    let ddy = e.y - y
                    let d2 = ddx * ddx + ddy * ddy
                    if d2 <= r2 { out.append((e, d2.squareRoot())) }
                }
            }
        }
        out.sort { $0.entry.index < $1.entry.index }
        return out
    }
}
