import SimKernel

/// The radio medium of a run: an engine without I/O, in the shape of Ledger's `ConsensusNode`.
///
/// It owns the stations (join, leave, positions updated once per traffic step), each station's
/// CSMA/CA state and one-frame MAC queue, the frames on air (indexed in space), the per-event
/// random draws, channel-busy sampling and reactive DCC. The driver feeds it inputs
/// (`frameReady`, `timerFired`, `startFrame`, `endFrame`, `updateStations`,
/// `sampleChannelBusy`) and carries out the effects they return: timers to schedule, frames to put
/// on air, and for a frame end the receptions (delivered or lost, with distance and outcome) in
/// ascending listener order. Frames are opaque: an id, a sender, a size and a position.
///
/// Determinism: every draw is counter-based (`CounterRandom`), keyed by what it is about: the
/// fading of a reception by (frame id, listener), a backoff by (station, that station's draw
/// counter). No decision depends on the order in which others were taken, which is what lets the
/// medium skip hopeless candidates exactly and, later, decide receptions in chunks on several cores.
///
/// The unit-disk model has no MAC: every station within `config.range` and every fixed receiver
/// within `fixedRange` receives each frame, nobody else hears it.
public struct RadioMedium: Sendable, Codable {
    public let config: RadioConfig
    public let budget: LinkBudget
    /// Range [m] of fixed receivers under the unit disk.
    public let fixedRange: Double
    let aifs: SimTime
    let cwMin: Int
    let fadingDraws: CounterRandom
    let backoffDraws: CounterRandom

    // Per station, indexed by station number.
    var joined: [Bool] = []
    var access: [ChannelAccess] = []
    /// Tag of the frame waiting in the one-frame MAC queue.
    var queued: [UInt64?] = []
    /// Access category of the waiting frame, and the AIFS its countdown uses.
    var queuedCategory: [AccessCategory] = []
    var queuedAIFS: [SimTime] = []
    /// Backoff draws taken so far: the counter of the next one.
    var backoffCounter: [UInt64] = []
    var busyAtLastSample: [SimTime] = []
    var dccInterval: [SimTime] = []
    /// The station's own recent frames, for half duplex (pruned at each new one).
    var ownFrames: [[AirFrame]] = []
    /// Position at the last `updateStations` [m].
    var positions: [StationPoint] = []
    /// Each fixed station's own recent frames (an RSU that transmits is deaf meanwhile).
    var fixedOwnFrames: [[AirFrame]] = []

    var stationGrid: SpatialGrid
    /// Fixed receivers: where they are, and their grid.
    var fixedPositions: [SpatialGrid.Entry] = []
    var fixedGrid: SpatialGrid
    /// Frames on air and recently ended, in space (physical models).
    var onAir: FrameIndex
    /// Frames started and not yet ended, by id.
    var inFlight: [UInt64: AirFrame] = [:]
    var longestAirtime: SimTime = .zero

    // Reused buffers: no allocation per frame once warm.
    var receptionBuffer: [Reception] = []
    var interferers: [AirFrame] = []
    var senseBuffer: [Int] = []
    var presentBuffer: [Bool] = []
    var entryBuffer: [SpatialGrid.Entry] = []

    /// Work done so far (see `RadioWork`).
    public internal(set) var work = RadioWork()

    /// - Parameters:
    ///   - config: the channel.
    ///   - seed: the scenario seed; the draws are keyed by it.
    ///   - fixedRange: reception range [m] of fixed receivers under the unit disk.
    public init(config: RadioConfig, seed: UInt64, fixedRange: Double) {
        self.config = config
        self.budget = LinkBudget(config)
        self.fixedRange = fixedRange
        self.aifs = MACTiming.aifs(config.accessCategory)
        self.cwMin = config.accessCategory.cwMin
        self.fadingDraws = CounterRandom(seed: seed, component: "fading")
        self.backoffDraws = CounterRandom(seed: seed, component: "mac-backoff")
        let reach: Double
        let airReach: Double
        if config.isPhysical {
            // Candidate queries (candidate range) and carrier sense (sense range) touch 5×5 cells.
            reach = max(self.budget.candidateRange, self.budget.senseRange)
            airReach = self.budget.interferenceRange + self.budget.candidateRange
        } else {
            reach = max(config.range, fixedRange)
            airReach = reach
        }
        self.stationGrid = SpatialGrid(cellSize: max(1, reach / 2))
        self.fixedGrid = SpatialGrid(cellSize: max(1, reach / 2))
        self.onAir = FrameIndex(cellSize: max(1, airReach / 4))
    }

    // MARK: Stations

    /// Number of station slots (joined or not).
    public var stationCount: Int { self.joined.count }

    /// True while `station` is on the road (it was in the last `updateStations`).
    public func isJoined(_ station: Int) -> Bool { station >= 0 && station < self.joined.count && self.joined[station] }

    /// Where `station` was at the last `updateStations`; nil when it is not on the road.
    public func position(of station: Int) -> (x: Double, y: Double)? {
        self.isJoined(station) ? (self.positions[station].x, self.positions[station].y) : nil
    }

    /// The least interval between two beacons that reactive DCC allows `station` now.
    public func beaconInterval(station: Int) -> SimTime {
        station < self.dccInterval.count ? self.dccInterval[station] : ReactiveDCC.interval(.relaxed)
    }

    /// Adds a fixed receiver (an RSU) at (x, y); returns its index (0, 1, …).
    public mutating func addFixedReceiver(x: Double, y: Double) -> Int {
        let index = self.fixedPositions.count
        self.fixedPositions.append(SpatialGrid.Entry(index: index, x: x, y: y))
        self.fixedOwnFrames.append([])
        self.fixedGrid.rebuild(self.fixedPositions)
        return index
    }

    /// The `RadioFrame.sender` of a frame sent by fixed station `index` (an RSU's acknowledgement):
    /// negative numbers, −1 − index, so that they never name a vehicle station.
    public static func fixedSender(_ index: Int) -> Int { -1 - index }

    /// The stations on the road and where they are, once per traffic step: stations not yet
    /// joined join, joined ones missing from the list leave (their queued frame and countdown are
    /// dropped; a frame already on air still ends), the spatial index is rebuilt.
    /// - Complexity: O(n log n) for n stations.
    public mutating func updateStations(_ positions: [StationPosition]) {
        // Both buffers are kept between steps (this runs every traffic step) and moved out while
        // they are filled.
        var present = self.presentBuffer
        var entries = self.entryBuffer
        self.presentBuffer = []
        self.entryBuffer = []
        present.removeAll(keepingCapacity: true)
        present.append(contentsOf: repeatElement(false, count: self.joined.count))
        entries.removeAll(keepingCapacity: true)
        entries.reserveCapacity(positions.count)
        for p in positions {
            precondition(p.station >= 0, "station numbers are non-negative")
            self.grow(to: p.station + 1)
            if p.station >= present.count { present += [Bool](repeating: false, count: p.station + 1 - present.count) }
            present[p.station] = true
            if !self.joined[p.station] { self.join(p.station) }
            self.positions[p.station] = StationPoint(x: p.x, y: p.y)
            entries.append(SpatialGrid.Entry(index: p.station, x: p.x, y: p.y))
        }
        for s in self.joined.indices where self.joined[s] && !present[s] { self.leave(s) }
        self.stationGrid.rebuild(entries)
        self.presentBuffer = present
        self.entryBuffer = entries
    }

    private mutating func grow(to count: Int) {
        while self.joined.count < count {
            self.joined.append(false)
            self.access.append(ChannelAccess())
            self.queued.append(nil)
            self.queuedCategory.append(self.config.accessCategory)
            self.queuedAIFS.append(self.aifs)
            self.backoffCounter.append(0)
            self.busyAtLastSample.append(.zero)
            self.dccInterval.append(ReactiveDCC.interval(.relaxed))
            self.ownFrames.append([])
            self.positions.append(StationPoint(x: 0, y: 0))
        }
    }

    private mutating func join(_ s: Int) {
        self.joined[s] = true
        self.dccInterval[s] = ReactiveDCC.interval(.relaxed)
    }

    private mutating func leave(_ s: Int) {
        self.joined[s] = false
        self.queued[s] = nil
        self.access[s].reset()
        self.ownFrames[s].removeAll()
    }

    // MARK: Channel busy ratio and DCC

    /// Samples the channel busy ratio of each listed station that is on the road, over the last
    /// `window` (ETSI measures CBR over 100 ms), and with reactive DCC on, sets its beacon interval.
    public mutating func sampleChannelBusy(stations: [Int], window: SimTime) -> [CBRSample] {
        var samples: [CBRSample] = []
        samples.reserveCapacity(stations.count)
        for s in stations where self.isJoined(s) {
            let busy = self.access[s].busyTime - self.busyAtLastSample[s]
            self.busyAtLastSample[s] = self.access[s].busyTime
            let cbr = busy.seconds / window.seconds
            var state: ReactiveDCC.State?
            if self.config.reactiveDCC {
                let s2 = ReactiveDCC.state(cbr: cbr)
                self.dccInterval[s] = ReactiveDCC.interval(s2)
                state = s2
            }
            samples.append(CBRSample(station: s, ratio: cbr, dccState: state))
        }
        return samples
    }
}

/// Where a station is [m] (in `RadioMedium.positions`).
struct StationPoint: Sendable, Codable {
    var x: Double
    var y: Double
}
