import V2VCrypto

/// Message digests heard but not yet anchored, with where each came from: a bounded map in
/// arrival order.
///
/// Every digest here sat in some RSU's mempool when it arrived, so the mempools bound it in normal
/// operation; a digest whose every copy was lost (a crashed proposer's block, a full pool) would
/// stay for ever, so the list holds at most `capacity` entries and evicts the oldest, counted in
/// `evicted` (its message, if anchored later, gets no anchoring record). Order lives in an array;
/// the dictionary is only looked up, never iterated.
struct AnchorWaitList: Sendable, Codable {
    private struct Entry: Sendable, Codable {
        var origin: LeafOrigin
        var sequence: UInt64
    }

    private struct Arrival: Sendable, Codable {
        var digest: Digest
        var sequence: UInt64
    }

    let capacity: Int
    /// Entries given up because the list was full.
    private(set) var evicted = 0
    private var entries: [Digest: Entry] = [:]
    /// Arrival order; an element whose sequence differs from `entries` was removed.
    private var order: [Arrival] = []
    private var head = 0
    private var nextSequence: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { self.entries.count }

    func contains(_ digest: Digest) -> Bool { self.entries[digest] != nil }

    /// Records `digest` unless it is already waiting; evicts the oldest entry when full.
    mutating func insert(_ digest: Digest, origin: LeafOrigin) {
        guard self.entries[digest] == nil else { return }
        while self.entries.count >= self.capacity, self.head < self.order.count {
            let oldest = self.order[self.head]
            self.head += 1
            if self.entries[oldest.digest]?.sequence == oldest.sequence {
                self.entries[oldest.digest] = nil
                self.evicted += 1
            }
        }
        self.entries[digest] = Entry(origin: origin, sequence: self.nextSequence)
        self.order.append(Arrival(digest: digest, sequence: self.nextSequence))
        self.nextSequence += 1
        self.compact()
    }

    /// Removes `digest` and returns where it came from, or nil when it was not waiting.
    mutating func remove(_ digest: Digest) -> LeafOrigin? {
        self.entries.removeValue(forKey: digest)?.origin
    }

    /// Keeps the order array within a small multiple of the live entries: removed entries leave
    /// holes until the head passes them.
    private mutating func compact() {
        if self.head >= 1_024 && self.head * 2 >= self.order.count {
            self.order.removeFirst(self.head)
            self.head = 0
        }
        if self.order.count - self.head > 2 * self.capacity + 1_024 {
            let live = self.order[self.head...].filter { self.entries[$0.digest]?.sequence == $0.sequence }
            self.order = Array(live)
            self.head = 0
        }
    }
}
