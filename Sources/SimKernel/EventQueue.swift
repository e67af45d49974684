/// The order in which events that fall on the same instant run.
///
/// Within one instant, agents first sense and decide from a snapshot, then broadcasts leave, then
/// deliveries are handled, then the world moves, then the ledger acts. Equal (time, phase) pairs run
/// in insertion order.
public enum EventPhase: UInt8, Comparable, Sendable, Codable {
    case sense = 0
    case decide = 1
    case broadcast = 2
    case deliver = 3
    case move = 4
    case ledger = 5
    case record = 6

    public static func < (lhs: EventPhase, rhs: EventPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A priority queue of timed events with a total, deterministic order: (time, phase, sequence).
///
/// The sequence number is a counter owned by the queue, so events with equal time and phase fire in
/// the order they were scheduled (as SimPy's event id does). A binary heap on its own is not stable;
/// the sequence number makes the order total, so no tie is ever broken by memory layout or hashing.
///
/// - Complexity: `schedule` and `pop` are O(log n).
public struct EventQueue<Payload> {
    /// One scheduled event.
    public struct Entry {
        public let time: SimTime
        public let phase: EventPhase
        public let sequence: UInt64
        public let payload: Payload

        @usableFromInline
        init(time: SimTime, phase: EventPhase, sequence: UInt64, payload: Payload) {
            self.time = time
            self.phase = phase
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            if self.time != other.time { return self.time < other.time }
            if self.phase != other.phase { return self.phase < other.phase }
            return self.sequence < other.sequence
        }
    }

    // Visible to the optimiser of the modules that use the queue (`@usableFromInline`, the methods
    // `@inlinable`), so that it is specialised for their payload: unspecialised, every heap move
    // went through the payload's value witnesses, a few percent of a whole run.
    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0

    /// Creates an empty queue.
    @inlinable
    public init() {}

    /// The number of pending events.
    @inlinable
    public var count: Int { self.heap.count }

    /// Whether no event is pending.
    @inlinable
    public var isEmpty: Bool { self.heap.isEmpty }

    /// The time of the next event, or `nil` when the queue is empty.
    @inlinable
    public var nextTime: SimTime? { self.heap.first?.time }

    /// Schedules `payload` at `time` in `phase`; it fires after every event already scheduled for the
    /// same time and phase.
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime, phase: EventPhase = .deliver) {
        let entry = Entry(time: time, phase: phase, sequence: self.nextSequence, payload: payload)
        self.nextSequence &+= 1
        self.heap.append(entry)
        self.siftUp(self.heap.count - 1)
    }

    /// Removes and returns the earliest event, or `nil` when the queue is empty.
    @inlinable
    public mutating func pop() -> Entry? {
        guard !self.heap.isEmpty else { return nil }
        let last = self.heap.removeLast()
        guard !self.heap.isEmpty else { return last }
        let top = self.heap[0]
        self.heap[0] = last
        self.siftDown(0)
        return top
    }

    @inlinable
    mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard self.heap[child].precedes(self.heap[parent]) else { return }
            self.heap.swapAt(child, parent)
            child = parent
        }
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        var parent = start
        let n = self.heap.count
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < n && self.heap[left].precedes(self.heap[best]) { best = left }
            if right < n && self.heap[right].precedes(self.heap[best]) { best = right }
            if best == parent { return }
            self.heap.swapAt(parent, best)
            parent = best
        }
    }
}

// A checkpoint stores the heap as it is, sequence numbers included, so that a resumed run breaks
// ties exactly as the uninterrupted one.
extension EventQueue: Codable where Payload: Codable {}
extension EventQueue.Entry: Codable where Payload: Codable {}
