import SimKernel

/// The claims a receiver heard recently, by content (every CAM field but the station id, exactly
/// as decoded from the wire), with the first station heard sending each: the memory behind the
/// `duplicate` check. Two vehicles never share position, speed, heading and acceleration to the
/// millimetre, so a second station claiming a state already claimed is a replay of it.
///
/// Entries expire in the order they were noted (a queue beside the index), so memory follows the
/// claims heard in the last window: beacon rate × neighbours × window, whatever the senders do.
struct RecentClaims: Sendable, Codable {
    /// A claim's content as integers (the wire's fixed-point units), so equal claims have equal keys.
    struct Key: Hashable, Sendable, Codable {
        let x: Int64, y: Int64, speed: Int64, heading: Int64, acceleration: Int64, length: Int64, lane: UInt8

        init(_ b: SensorBroadcast) {
            self.x = Int64((b.x * 1_000).rounded())
            self.y = Int64((b.y * 1_000).rounded())
            self.speed = Int64((b.speed * 100).rounded())
            self.heading = Int64((b.heading * 100).rounded())
            self.acceleration = Int64((b.acceleration * 100).rounded())
            self.length = Int64((b.length * 100).rounded())
            self.lane = b.lane
        }

        /// One word fed to the hasher instead of seven: the fields mixed by odd multipliers (any
        /// two claims a receiver holds differ in position by far more than a millimetre, so the
        /// mix spreads them as well as hashing every field would). Equality still compares every
        /// field; noting and looking up claims is done for every reception.
        func hash(into hasher: inout Hasher) {
            var h = UInt64(bitPattern: self.x) &* 0x9E37_79B9_7F4A_7C15
            h ^= UInt64(bitPattern: self.y) &* 0xC2B2_AE3D_27D4_EB4F
            h ^= UInt64(bitPattern: self.speed) &* 0x1656_67B1_9E37_79F9
            h ^= UInt64(bitPattern: self.heading) &* 0x85EB_CA77_C2B2_AE63
            h ^= UInt64(bitPattern: self.acceleration) &* 0x27D4_EB2F_1656_67C5
            h ^= UInt64(bitPattern: self.length) &* 0x94D0_49BB_1331_11EB
            h ^= UInt64(self.lane) &* 0xBF58_476D_1CE4_E5B9
            hasher.combine(h)
        }
    }

    /// The first station heard with one content, and when that claim was generated (structs, not
    /// tuples, so that checkpoints encode them).
    struct Entry: Sendable, Codable {
        let station: UInt32
        let time: SimTime
    }

    /// A content as noted, for expiry in noting order.
    struct Noted: Sendable, Codable {
        let key: Key
        let time: SimTime
    }

    /// First station heard with each content, and when that claim was generated. Looked up only.
    private var index: [Key: Entry] = [:]
    /// Keys in the order they were noted, for expiry; `head` is the first live one.
    private var order: [Noted] = []
    private var head = 0

    /// Only the live part of `order` (from `head` on) is stored: entries before it are already
    /// out of `index` and wait only for compaction, which changes memory, never an answer. The
    /// index is stored without its keys: every entry is the claim of the last live `order` entry
    /// with its key, noted at the entry's time (an entry is set only together with an append, and
    /// removed when the head passes the entry it was set with), so it is that position and the
    /// station. At 200 vehicles this halved the largest part of a checkpoint.
    private enum CodingKeys: String, CodingKey { case order, index }

    /// An index entry as stored: the position of its claim in the live `order`, and the station.
    private struct StoredEntry: Codable {
        let position: UInt32
        let station: UInt32
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.order = try container.decode([Noted].self, forKey: .order)
        for stored in try container.decode([StoredEntry].self, forKey: .index) {
            guard Int(stored.position) < self.order.count else {
                let problem = "claim position \(stored.position) beyond the \(self.order.count) noted"
                throw DecodingError.dataCorruptedError(forKey: .index, in: container, debugDescription: problem)
            }
            let noted = self.order[Int(stored.position)]
            let entry = Entry(station: stored.station, time: noted.time)
            guard self.index.updateValue(entry, forKey: noted.key) == nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: .index, in: container, debugDescription: "claim indexed twice")
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let live = Array(self.order[self.head...])
        try container.encode(live, forKey: .order)
        var lastPosition: [Key: Int] = [:]
        lastPosition.reserveCapacity(self.index.count)
        for (position, noted) in live.enumerated() { lastPosition[noted.key] = position }
        var stored: [StoredEntry] = []
        stored.reserveCapacity(self.index.count)
        for (key, entry) in self.index {
            guard let position = lastPosition[key], live[position].time == entry.time else {
                throw EncodingError.invalidValue(self, .init(
                    codingPath: encoder.codingPath,
                    debugDescription: "recent claim without its live entry in the queue"))
            }
            stored.append(StoredEntry(position: UInt32(position), station: entry.station))
        }
        stored.sort { $0.position < $1.position }
        try container.encode(stored, forKey: .index)
    }

    /// The first station heard claiming exactly `claim`'s content, generated at or after `since`.
    func firstSender(of claim: SensorBroadcast, since: SimTime) -> UInt32? {
        guard let entry = self.index[Key(claim)], entry.time >= since else { return nil }
        return entry.station
    }

    /// Notes `claim`, generated at `time`, unless its content is already known; forgets claims
    /// generated before `cutoff`.
    mutating func note(_ claim: SensorBroadcast, at time: SimTime, keepingAfter cutoff: SimTime) {
        while self.head < self.order.count, self.order[self.head].time < cutoff {
            let old = self.order[self.head]
            if let i = self.index.index(forKey: old.key), self.index.values[i].time == old.time { self.index.remove(at: i) }
            self.head += 1
        }
        if self.head > 1_024, self.head * 2 > self.order.count {
            self.order.removeFirst(self.head)
            self.head = 0
        }
        let key = Key(claim)
        let entry = Entry(station: claim.stationID, time: time)
        if let i = self.index.index(forKey: key) {
            if self.index.values[i].time >= cutoff { return }
            self.index.values[i] = entry
        } else {
            self.index[key] = entry
        }
        self.order.append(Noted(key: key, time: time))
    }
}
