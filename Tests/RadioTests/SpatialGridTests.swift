import Radio
import SimKernel
import Testing

@Suite("SpatialGrid")
struct SpatialGridTests {
    func entries(_ n: Int, seed: UInt64) -> [SpatialGrid.Entry] {
        var stream = RandomStream.derived(seed: seed, component: "grid-test")
        return (0..<n).map { SpatialGrid.Entry(index: $0, x: stream.uniform(in: -500..<5_000), y: stream.uniform(in: -30..<30)) }
    }

    @Test("forEach finds exactly the entries a brute-force scan finds, with their distances", arguments: [1, 2, 3])
    func matchesBruteForce(seed: UInt64) {
        let all = self.entries(2_000, seed: seed)
        var grid = SpatialGrid(cellSize: 250)
        grid.rebuild(all)
        for (qx, qy, r) in [(0.0, 0.0, 300.0), (2_500, 10, 800), (4_990, -29, 120), (-2_000, 0, 100), (1_000, 5, 6_000)] {
            var found: [(Int, Double)] = []
            grid.forEach(within: r, ofX: qx, y: qy) { found.append(($0.index, $1)) }
            let expected = all.compactMap { e -> (Int, Double)? in
                let d = ((e.x - qx) * (e.x - qx) + (e.y - qy) * (e.y - qy)).squareRoot()
                return d <= r ? (e.index, d) : nil
            }
            #expect(found.map(\.0).sorted() == expected.map(\.0), "query (\(qx), \(qy), \(r)) seed \(seed)")
            for (index, d) in found { #expect(abs(d - expected.first { $0.0 == index }!.1) < 1e-9) }
            // `within` is the same set, sorted by index.
            #expect(grid.within(radius: r, ofX: qx, y: qy).map(\.entry.index) == expected.map(\.0))
        }
    }

    @Test("the visiting order is a function of the entries only, not of the order they were given in")
    func deterministicOrder() {
        let all = self.entries(500, seed: 7)
        var a = SpatialGrid(cellSize: 200)
        var b = SpatialGrid(cellSize: 200)
        a.rebuild(all)
        b.rebuild(all.reversed())
        var orderA: [Int] = []
        var orderB: [Int] = []
        a.forEach(within: 900, ofX: 2_000, y: 0) { e, _ in orderA.append(e.index) }
        b.forEach(within: 900, ofX: 2_000, y: 0) { e, _ in orderB.append(e.index) }
        #expect(!orderA.isEmpty)
        #expect(orderA == orderB)
    }

    @Test("a rebuild replaces every entry; an empty grid finds nothing")
    func rebuildReplaces() {
        var grid = SpatialGrid(cellSize: 100)
        grid.forEach(within: 1e6, ofX: 0, y: 0) { _, _ in Issue.record("empty grid visited an entry") }
        grid.rebuild([.init(index: 1, x: 0, y: 0), .init(index: 2, x: 50, y: 0)])
        grid.rebuild([.init(index: 3, x: 10, y: 0)])
        #expect(grid.within(radius: 1_000, ofX: 0, y: 0).map(\.entry.index) == [3])
        #expect(grid.count == 1)
    }
}
