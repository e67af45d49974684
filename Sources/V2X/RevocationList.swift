import SimKernel

/// The certificate digests that the ledger has revoked, as every station sees them.
///
/// The ledger's final blocks carry revocation leaves; the simulation adds each revoked digest here
/// when the block that carries it becomes final (`revoke(_:at:)`). Every verifier holds the same
/// list (a reference, so one update reaches all stations) and rejects a message whose signer
/// certificate is on it with reason `revoked`. Revocation is permanent within a run.
public final class RevocationList {
    private var revoked: [CertificateDigest: SimTime] = [:]
    /// Digests in the order they were revoked, for summaries and deterministic iteration.
    public private(set) var order: [CertificateDigest] = []

    public init() {}

    /// Marks `digest` revoked from `time` on; a second revocation keeps the first time.
    public func revoke(_ digest: CertificateDigest, at time: SimTime) {
        guard self.revoked[digest] == nil else { return }
        self.revoked[digest] = time
        self.order.append(digest)
    }

    /// Whether `digest` is revoked at `time`.
    public func isRevoked(_ digest: CertificateDigest, at time: SimTime) -> Bool {
        guard let since = self.revoked[digest] else { return false }
        return since <= time
    }

    /// When `digest` was revoked, if it was.
    public func revocationTime(of digest: CertificateDigest) -> SimTime? { self.revoked[digest] }

    public var count: Int { self.order.count }

    /// One revoked digest and since when, for checkpoints.
    public struct Entry: Codable, Sendable {
        public var digest: CertificateDigest
        public var time: SimTime
    }

    /// Every revocation, in revocation order.
    public var entries: [Entry] { self.order.map { Entry(digest: $0, time: self.revoked[$0]!) } }

    /// Replaces the list's content with `entries` (a checkpoint's), in place, so that every verifier
    /// holding this list sees it.
    public func replace(with entries: [Entry]) {
        self.revoked = [:]
        self.order = []
        for entry in entries { self.revoke(entry.digest, at: entry.time) }
    }
}
