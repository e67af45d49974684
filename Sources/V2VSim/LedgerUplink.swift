import Ledger

/// Leaves that vehicles hand to the ledger (registrations, misbehaviour reports) and that wait for
/// an RSU in range.
///
/// A vehicle gives a leaf to the nearest working RSU within `rsus.range`; with none in range the
/// leaf waits in the vehicle's queue, which holds at most `perVehicleLimit` leaves (a full queue
/// refuses new leaves, counted in `dropped`, as the mempool does). Queues are retried after every
/// traffic step, in vehicle id order. The uplink itself is not modelled on the radio channel: a
/// leaf reaches the RSU in the instant the vehicle is in range (docs/ledger.md).
struct LedgerUplink: Codable {
    /// Most leaves one vehicle keeps while it has no RSU in range.
    static let perVehicleLimit = 64

    /// Waiting leaves per vehicle (by raw id), oldest first.
    private(set) var queues: [[LedgerLeaf]] = []
    /// Vehicles with waiting leaves, ascending raw id (so retries run in a fixed order).
    private(set) var waiting: [Int] = []
    /// Leaves vehicles submitted, handed to an RSU, and refused by a full queue or lost when the
    /// vehicle left the road first.
    var submitted = 0
    var delivered = 0
    var dropped = 0

    /// Leaves still waiting in some vehicle's queue.
    var waitingCount: Int { self.waiting.reduce(0) { $0 + self.queues[$1].count } }

    mutating func grow(to count: Int) {
        while self.queues.count < count { self.queues.append([]) }
    }

    /// Whether vehicle `raw` has leaves waiting (a new leaf must queue behind them).
    func hasWaiting(_ raw: Int) -> Bool { !self.queues[raw].isEmpty }

    /// Queues `leaf` for vehicle `raw`, or counts it dropped when the queue is full.
    mutating func enqueue(_ leaf: LedgerLeaf, vehicle raw: Int) {
        guard self.queues[raw].count < Self.perVehicleLimit else {
            self.dropped += 1
            return
        }
        if self.queues[raw].isEmpty {
            let at = self.waiting.firstIndex { $0 > raw } ?? self.waiting.endIndex
            self.waiting.insert(raw, at: at)
        }
        self.queues[raw].append(leaf)
    }

    /// Removes and returns vehicle `raw`'s waiting leaves.
    mutating func takeAll(vehicle raw: Int) -> [LedgerLeaf] {
        let leaves = self.queues[raw]
        self.queues[raw] = []
        self.waiting.removeAll { $0 == raw }
        return leaves
    }
}
