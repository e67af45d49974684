import SimKernel

/// A station's on-board verification processor: one signature at a time, FIFO, each taking the
/// modelled verify cost, with a bounded queue of messages waiting for it.
///
/// A message that arrives while `capacity` messages already wait is dropped (tail drop), and the
/// caller records the drop: overflow is never silent.
public struct VerificationProcessor: Sendable, Codable {
    /// Most messages that may wait (not counting the one being verified).
    public let capacity: Int
    /// When the processor is next free.
    public private(set) var freeAt: SimTime = .zero
    /// Start times of queued verifications, ascending; entries before `head` have started.
    private var starts: [SimTime] = []
    private var head = 0
    /// Messages dropped because the queue was full.
    public private(set) var dropped = 0

    public init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
    }

    /// Messages waiting at `time` (queued, not yet started).
    public mutating func waiting(at time: SimTime) -> Int {
        while self.head < self.starts.count, self.starts[self.head] <= time { self.head += 1 }
        if self.head > 1024, self.head * 2 > self.starts.count {
            self.starts.removeFirst(self.head)
            self.head = 0
        }
        return self.starts.count - self.head
    }

    /// Queues one verification of `cost` arriving at `arrival`.
    ///
    /// - Returns: when it starts and when it is done, or nil when the queue was full (dropped).
    public mutating func admit(arrival: SimTime, cost: SimTime) -> (start: SimTime, done: SimTime)? {
        let start = max(arrival, self.freeAt)
        if start > arrival {
            guard self.waiting(at: arrival) < self.capacity else {
                self.dropped += 1
                return nil
            }
            self.starts.append(start)
        }
        self.freeAt = start + cost
        return (start, self.freeAt)
    }
}
