internal import V2VCrypto

/// One seal as stored in the `seals` table: a run of consecutive rows of one table and their digest.
struct SealRecord: Sendable, Equatable {
    var table: String
    /// 0, 1, 2, … per table; the manifest seal uses table `*`.
    var segment: Int64
    /// The nominal interval [start, end) of simulated time the segment's rows fall in; nil for tables
    /// sealed by row count.
    var tStart: Int64?
    var tEnd: Int64?
    var firstRowid: Int64
    var lastRowid: Int64
    var rowCount: Int64
    /// Lowercase hex SHA-256 (see ``SegmentHasher``).
    var digest: String
    /// 4 bytes per row, little-endian ``SealEncoding/rowCheck(_:)`` values, in rowid order.
    var rowChecks: [UInt8]
}

/// The running SHA-256 of one segment: SHA-256 over the domain tag, the table name, the segment number,
/// the previous segment's digest (32 zero bytes for the first), then each row's canonical bytes. Chaining
/// the previous digest in makes the seals of a table one running hash, so that no segment can be dropped
/// or reordered unnoticed.
struct SegmentHasher {
    private var hasher = SHA256Hasher()

    init(table: String, segment: Int64, previousDigestHex: String?) {
        var prefix = SealEncoding.domain
        SealEncoding.appendText(table, to: &prefix)
        SealEncoding.appendInteger(segment, to: &prefix)
        prefix.append(contentsOf: previousDigestHex.flatMap(Hex.decodeDigest) ?? [UInt8](repeating: 0, count: 32))
        self.hasher.update(prefix)
    }

    mutating func absorb(_ rowBytes: [UInt8]) { self.hasher.update(rowBytes) }

    func digestHex() -> String { self.hasher.finalize().hex }
}

/// How tables are cut into seal segments.
enum SealPolicy {
    /// Interval length for tables with a time column: 10 s of simulated time.
    static let interval: Int64 = 10_000_000_000
    /// At most this many rows per segment, so the per-row checks held in memory stay bounded however dense
    /// an interval is; tables without a time column are cut by this count alone.
    static let maxRows: Int64 = 65_536

    /// The interval index of a row time (negative times count as interval 0).
    static func intervalIndex(_ time: Int64) -> Int64 { max(0, time) / Self.interval }
}
