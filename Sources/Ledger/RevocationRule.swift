/// The committee's deterministic rule that turns misbehaviour reports on the chain into revocations.
///
/// Every RSU runs the rule over its own copy of the chain, block by block in height order, so all
/// honest RSUs derive the same revocation leaves from the same final blocks: a certificate is
/// revoked once `threshold` distinct reporters accused it in report leaves of final blocks. The
/// revocation leaf names the block that completed the evidence and the reporters it rests on, so an
/// auditor can re-derive it. A certificate is decided once: later reports against it, and reports
/// by a reporter already counted, change nothing.
public struct RevocationRule: Sendable, Codable {
    /// Distinct reporters needed against one certificate (`security.detection.revoke_after`).
    public let threshold: Int
    /// Distinct reporters per suspect, in chain order, until the suspect is decided. Looked up only.
    private var reporters: [UInt64: [UInt64]] = [:]
    /// Suspects already decided (a revocation leaf was issued or seen). Looked up only.
    private var decided: Set<UInt64> = []
    /// Revocations the rule called for that no final block carries yet, by certificate. Looked up only.
    private var issued: [UInt64: RevocationLeaf] = [:]
    /// Height the rule expects next; blocks must come in order.
    public private(set) var nextHeight: UInt64 = 0

    /// A rule that revokes after `threshold` distinct reporters.
    /// - Precondition: `threshold >= 1`.
    public init(threshold: Int) {
        precondition(threshold >= 1, "a revocation needs at least one reporter")
        self.threshold = threshold
    }

    /// Applies the final block `block`, the chain's next one, and returns the revocations it calls
    /// for, in the order their evidence completed.
    /// - Complexity: O(n) for the n leaves of the block.
    public mutating func apply(_ block: Block) -> [RevocationLeaf] {
        precondition(block.header.height == self.nextHeight, "the rule takes final blocks in height order")
        self.nextHeight += 1
        var out: [RevocationLeaf] = []
        for leaf in block.leaves {
            switch try? leaf.content() {
            case let .misbehaviourReport(report)?:
                guard !self.decided.contains(report.suspect) else { continue }
                var list = self.reporters[report.suspect, default: []]
                guard !list.contains(report.reporter) else { continue }
                list.append(report.reporter)
                if list.count >= self.threshold {
                    self.decided.insert(report.suspect)
                    self.reporters[report.suspect] = nil
                    let revocation = RevocationLeaf(
                        certificate: report.suspect, basisHeight: block.header.height, reporters: list)
                    self.issued[report.suspect] = revocation
                    out.append(revocation)
                } else {
                    self.reporters[report.suspect] = list
                }
            case let .revocation(revocation)?:
                // A revocation on the chain settles its certificate even if this rule has not yet
                // seen enough reports (it cannot be ahead of the chain it reads, but stays safe).
                self.decided.insert(revocation.certificate)
                self.reporters[revocation.certificate] = nil
                self.issued[revocation.certificate] = nil
            default:
                continue
            }
        }
        return out
    }

    /// Whether the rule calls for `revocation` on the chain it has read: it issued exactly this leaf
    /// and no final block carries it yet. Members accept no other revocation in a proposal.
    public func supports(_ revocation: RevocationLeaf) -> Bool {
        self.issued[revocation.certificate] == revocation
    }

    /// The first revocation leaf of `block` (the chain's next block) that the rule did not call
    /// for: one the earlier final blocks do not justify, or one already carried by an earlier block
    /// or earlier in this one. Members refuse such a proposal; auditors report it.
    /// - Returns: nil when every revocation leaf of `block` is one the rule issued and no block carries yet.
    public func unjustifiedRevocation(in block: Block) -> RevocationLeaf? {
        var open = self.issued
        for leaf in block.leaves where leaf.kind == .revocation {
            guard case let .revocation(revocation)? = try? leaf.content() else { continue }
            guard open[revocation.certificate] == revocation else { return revocation }
            open[revocation.certificate] = nil
        }
        return nil
    }
}
