import SimKernel

/// The wired network between RSUs: a one-way latency plus uniform jitter, independent loss, and
/// the scenario's faults (crashed RSUs, partitions, slow RSUs). Draws come from one seeded stream
/// per sending RSU (`backhaul`, entity = RSU index), so one RSU's traffic never shifts another's.
struct Backhaul: Sendable, Codable {
    let latency: SimTime
    let jitter: SimTime
    let loss: Double
    private var streams: [RandomStream]
    /// Partition side of each RSU; RSUs talk only within a side.
    var side: [Int]
    /// Crashed RSUs neither send nor receive.
    var crashed: [Bool]
    /// Extra one-way delay of each RSU (slow fault).
    var extraDelay: [SimTime]
    /// Messages sent, lost to the loss probability, and dropped by crashes and partitions.
    private(set) var sent = 0
    private(set) var lost = 0
    private(set) var blocked = 0

    init(config: LedgerConfig, rsus: Int, seed: UInt64) {
        self.latency = config.backhaulLatency
        self.jitter = config.backhaulJitter
        self.loss = config.backhaulLoss
        self.streams = (0..<rsus).map { RandomStream.derived(seed: seed, component: "backhaul", entity: UInt64($0)) }
        self.side = Array(repeating: 0, count: rsus)
        self.crashed = Array(repeating: false, count: rsus)
        self.extraDelay = Array(repeating: .zero, count: rsus)
    }

    /// Whether `a` and `b` can exchange messages now.
    func connected(_ a: Int, _ b: Int) -> Bool {
        !self.crashed[a] && !self.crashed[b] && self.side[a] == self.side[b]
    }

    /// The delay of one message from `from` to `to` sent now, or nil when it is lost or cannot leave.
    mutating func delay(from: Int, to: Int) -> SimTime? {
        self.sent += 1
        guard self.connected(from, to) else {
            self.blocked += 1
            return nil
        }
        // Draw both numbers every time so the pattern of draws does not depend on the outcome.
        let lossDraw = self.streams[from].uniform()
        let jitterDraw = self.streams[from].uniform()
        if lossDraw < self.loss {
            self.lost += 1
            return nil
        }
        let jitter = SimTime(nanoseconds: Int64(jitterDraw * Double(self.jitter.nanoseconds)))
        return self.latency + jitter + self.extraDelay[from] + self.extraDelay[to]
    }

    /// Counts a message that arrived at a crashed or cut-off RSU.
    mutating func noteBlockedOnArrival() { self.blocked += 1 }
}
