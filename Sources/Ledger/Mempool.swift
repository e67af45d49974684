import V2VCrypto

/// The leaves an RSU has heard or been given and not yet proposed: a bounded FIFO without
/// duplicates. Generic over the element so that it can be tested with bare digests; RSUs hold
/// `Mempool<LedgerLeaf>`.
///
/// Order is arrival order, kept in an array; a dictionary serves only to look up whether a digest is
/// pending, so nothing depends on hash order. A full pool refuses new digests (tail drop) and counts
/// them in `dropped`, which keeps the oldest messages, the ones closest to their anchoring deadline.
/// Duplicates are judged against the pending digests only: a digest that was taken or discarded
/// may be added again.
public struct Mempool<Element: Hashable & Sendable>: Sendable {
    struct Entry: Sendable {
        var digest: Element
        var sequence: UInt64
    }

    /// Most digests the pool holds at once.
    public let capacity: Int
    /// Digests refused because the pool was full.
    public private(set) var dropped = 0
    /// Digests refused because they were already pending.
    public private(set) var duplicates = 0

    /// Arrival queue; entries before `head` are taken, and an entry whose sequence differs from
    /// `pending[digest]` was discarded (and maybe re-added later under a new sequence).
    private var queue: [Entry] = []
    private var head = 0
    private var pending: [Element: UInt64] = [:]
    private var nextSequence: UInt64 = 0

    /// An empty pool.
    /// - Precondition: `capacity >= 0`.
    public init(capacity: Int) {
        precondition(capacity >= 0, "a mempool capacity cannot be negative")
        self.capacity = capacity
    }

    /// Number of pending digests.
    public var count: Int { self.pending.count }

    /// Whether `digest` is pending.
    public func contains(_ digest: Element) -> Bool { self.pending[digest] != nil }

    /// Queues `digest` behind the ones already pending.
    /// - Returns: false, and nothing changes but a counter, when `digest` is already pending
    ///   (`duplicates`) or the pool is full (`dropped`).
    @discardableResult
    public mutating func add(_ digest: Element) -> Bool {
        if self.pending[digest] != nil {
            self.duplicates += 1
            return false
        }
        if self.pending.count >= self.capacity {
            self.dropped += 1
            return false
        }
        self.pending[digest] = self.nextSequence
        self.queue.append(Entry(digest: digest, sequence: self.nextSequence))
        self.nextSequence += 1
        return true
    }

    /// Removes and returns the oldest pending digests, at most `max` of them, oldest first.
    /// - Complexity: amortised O(k) for k returned (plus any discarded entries skipped).
    public mutating func take(max: Int) -> [Element] {
        self.take(max: max, bytes: Int.max, cost: { _ in 0 })
    }

    /// Removes and returns the oldest pending elements, at most `max` of them and at most `bytes`
    /// in total `cost`, oldest first. The first element that would exceed `bytes` stays pending,
    /// at the head, so a block size limit never reorders the pool.
    /// - Complexity: amortised O(k) for k returned (plus any discarded entries skipped).
    public mutating func take(max: Int, bytes: Int, cost: (Element) -> Int) -> [Element] {
        precondition(max >= 0, "cannot take a negative number of digests")
        var out: [Element] = []
        out.reserveCapacity(Swift.min(max, self.pending.count))
        var used = 0
        while out.count < max && self.head < self.queue.count {
            let entry = self.queue[self.head]
            let live = self.pending[entry.digest] == entry.sequence
            if live {
                let size = cost(entry.digest)
                if size > bytes - used { break }
                used += size
            }
            self.head += 1
            if live {
                self.pending[entry.digest] = nil
                out.append(entry.digest)
            }
        }
        self.compact()
        return out
    }

    /// Drops the pending digests among `digests`, for example those another RSU's final block
    /// already anchored. Digests that are not pending are ignored.
    public mutating func discard<Digests: Sequence>(_ digests: Digests) where Digests.Element == Element {
        for digest in digests { self.pending[digest] = nil }
        if self.pending.isEmpty {
            self.queue.removeAll(keepingCapacity: true)
            self.head = 0
        }
    }

    /// Frees the taken prefix once it is most of the array, so memory stays proportional to the
    /// pending digests.
    private mutating func compact() {
        if self.head == self.queue.count {
            self.queue.removeAll(keepingCapacity: true)
            self.head = 0
        } else if self.head >= 1_024 && self.head * 2 >= self.queue.count {
            self.queue.removeFirst(self.head)
            self.head = 0
        }
    }
}

/// The pool an RSU keeps for its chain: typed leaves waiting for a block.
public typealias LeafPool = Mempool<LedgerLeaf>

extension Mempool: Codable where Element: Codable {}
extension Mempool.Entry: Codable where Element: Codable {}
