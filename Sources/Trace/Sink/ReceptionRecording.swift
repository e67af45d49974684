/// Which `receptions` rows a trace keeps (`record.receptions` and `record.sample_rate` in a scenario).
///
/// Receptions are by far the largest table (one row per message per receiver in range: about half a
/// million rows per simulated second at 1000 vehicles), so a large run can keep fewer. The levels nest,
/// `none` ⊂ `rejected` ⊂ `sample` ⊂ `all`, and the decision is a pure function of the row and the run's
/// seed: a sampled row is chosen by a hash of (seed, message, receiver), never by a random stream, so the
/// same run keeps the same rows and no other draw of the run changes. Summary statistics (latency, PDR,
/// CBR) come from the simulation's own counters and are exact at every level.
public struct ReceptionRecording: Hashable, Sendable {
    /// How many reception rows are kept.
    public enum Level: String, Hashable, Sendable, CaseIterable {
        /// Every reception row (radio losses as ``ReceptionRecording/radioLosses`` says).
        case all
        /// Only rows whose verification outcome is `rejected` (any reason, `queue_overflow` included).
        case rejected
        /// Every rejected row, and of the other rows the fraction ``ReceptionRecording/sampleRate``,
        /// chosen per (message, receiver).
        case sample
        /// No reception rows.
        case none
    }

    /// The level.
    public var level: Level
    /// The fraction in (0, 1] of non-rejected rows kept at level ``Level/sample``; ignored otherwise.
    public var sampleRate: Double
    /// Whether rows for frames lost on the radio (below sensitivity, collision, half duplex) are kept at
    /// levels ``Level/all`` and ``Level/sample``; such rows are never rejections.
    public var radioLosses: Bool

    /// Creates a recording level; the default keeps every row.
    public init(level: Level = .all, sampleRate: Double = 0.01, radioLosses: Bool = true) {
        self.level = level
        self.sampleRate = sampleRate
        self.radioLosses = radioLosses
    }

    /// Every row, radio losses included: what a trace held before levels existed.
    public static let all = ReceptionRecording()

    /// Whether a trace keeps `row` in a run with master seed `seed`.
    public func keeps(_ row: ReceptionRow, seed: UInt64) -> Bool {
        switch self.level {
        case .none:
            return false
        case .rejected:
            return row.verifyOutcome == "rejected"
        case .all:
            return self.radioLosses || row.radioOutcome == "received"
        case .sample:
            if row.verifyOutcome == "rejected" { return true }
            guard self.radioLosses || row.radioOutcome == "received" else { return false }
            return Self.sampleHash(seed: seed, row: row) < self.sampleThreshold
        }
    }

    /// Rows whose hash is below this are sampled: `sampleRate` of the 2⁶⁴ hash values.
    var sampleThreshold: UInt64 {
        guard self.sampleRate < 1 else { return .max }
        guard self.sampleRate > 0 else { return 0 }
        return UInt64((self.sampleRate * 18_446_744_073_709_551_616.0).rounded(.down))
    }

    /// A 64-bit hash of (seed, message, receiver kind, receiver), uniform enough for sampling: three rounds
    /// of the SplitMix64 finaliser (Steele, Lea, Flood 2014), one per input word.
    static func sampleHash(seed: UInt64, row: ReceptionRow) -> UInt64 {
        let receiver = UInt64(row.receiverID) | (row.receiverKind == "rsu" ? 1 << 32 : 0)
        var h = Self.mix(seed ^ 0x7265_6365_7074_696F)  // "reception" salt: not the seed's other uses
        h = Self.mix(h ^ row.messageID)
        h = Self.mix(h ^ receiver)
        return h
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
