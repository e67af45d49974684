import SimKernel
internal import V2VCrypto

/// One snapshot of a run's whole state, taken every `record.checkpoint` of simulated time, from which
/// `Simulation(resumingFrom:)` continues bit-exactly (see docs/trace.md, "Checkpoints"). The blob's
/// encoding belongs to the simulation (`format_version` names it); the trace stores it, its length and
/// its SHA-256, so that a damaged blob is told apart from a blob of another format.
public struct CheckpointRow: Sendable, Equatable {
    /// The checkpoint's instant: every event before it is in the state, none at or after it.
    public var time: SimTime
    /// Version of the blob's encoding.
    public var formatVersion: Int
    /// Length of `blob` [bytes], as written.
    public var byteLength: Int
    /// Lowercase hex SHA-256 of `blob`, as written.
    public var sha256: String
    /// The encoded state.
    public var blob: [UInt8]

    /// A row for `blob`, its length and digest computed here.
    public init(time: SimTime, formatVersion: Int, blob: [UInt8]) {
        self.init(
            time: time, formatVersion: formatVersion, byteLength: blob.count, sha256: SHA256.hash(blob).hex, blob: blob)
    }

    /// A row as stored; see the properties.
    public init(time: SimTime, formatVersion: Int, byteLength: Int, sha256: String, blob: [UInt8]) {
        self.time = time
        self.formatVersion = formatVersion
        self.byteLength = byteLength
        self.sha256 = sha256
        self.blob = blob
    }

    /// Whether the blob still has the length and SHA-256 it was written with; nil if so, else what differs.
    public var integrityProblem: String? {
        if self.blob.count != self.byteLength {
            return "blob has \(self.blob.count) bytes, byte_length says \(self.byteLength) (truncated or edited)"
        }
        let digest = SHA256.hash(self.blob).hex
        if digest != self.sha256 { return "blob's SHA-256 is \(digest), sha256 says \(self.sha256) (corrupted or edited)" }
        return nil
    }
}
