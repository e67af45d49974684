import SimKernel

/// A frame that is or was recently on air: what interference and half duplex need.
public struct AirFrame: Sendable, Codable {
    public let id: UInt64
    public let sender: Int
    public let x: Double
    public let y: Double
    public let start: SimTime
    public let end: SimTime

    /// True when the frame is on air at some instant of [start, end).
    @inline(__always)
    public func overlaps(start: SimTime, end: SimTime) -> Bool { self.start < end && self.end > start }
}

/// Frames on air indexed in space: a grid of cells, each holding the frames sent from it, so that
/// the interferers of a frame are found among the frames near its sender, not among every frame on
/// the road. Frames that ended before a horizon are dropped from each cell a query visits; every
/// insertion is followed by that frame's own end query around its sender, so no cell keeps stale
/// frames for long.
struct FrameIndex: Sendable, Codable {
    let cellSize: Double
    private var cells: [Int64: [AirFrame]] = [:]

    init(cellSize: Double) {
        precondition(cellSize > 0 && cellSize.isFinite, "cell size must be positive and finite")
        self.cellSize = cellSize
    }

    @inline(__always)
    private func cell(_ v: Double) -> Int64 {
        Int64(max(-1_073_741_824, min(1_073_741_824, (v / self.cellSize).rounded(.down))))
    }

    @inline(__always)
    private static func key(_ cx: Int64, _ cy: Int64) -> Int64 { (cx << 32) | (cy & 0xFFFF_FFFF) }

    mutating func insert(_ frame: AirFrame) {
        self.cells[Self.key(self.cell(frame.x), self.cell(frame.y)), default: []].append(frame)
    }

    /// Appends to `out` every frame other than `excluding` sent within `radius` of (x, y) that is on
    /// air at some instant of [start, end), in a deterministic order (cells by column then row,
    /// frames by insertion), after dropping frames that ended before `horizon` from the visited cells.
    mutating func gather(
        aroundX x: Double, y: Double, radius: Double, start: SimTime, end: SimTime, excluding: UInt64,
        horizon: SimTime, into out: inout [AirFrame]
    ) {
        let span = Int64((radius / self.cellSize).rounded(.up))
        let cx = self.cell(x)
        let cy = self.cell(y)
        let r2 = radius * radius
        for dx in -span...span {
            for dy in -span...span {
                let key = Self.key(cx + dx, cy + dy)
                guard self.cells[key] != nil else { continue }
                self.cells[key]!.removeAll { $0.end < horizon }
                for frame in self.cells[key]! where frame.id != excluding && frame.overlaps(start: start, end: end) {
                    let ddx = frame.x - x
                    let ddy = frame.y - y
                    if ddx * ddx + ddy * ddy <= r2 { out.append(frame) }
                }
            }
        }
    }

    /// Frames held (for tests: stays bounded as frames age out).
    var count: Int { self.cells.values.reduce(0) { $0 + $1.count } }
}
