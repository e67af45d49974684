import V2VCrypto

/// A signature by one committee member, as carried inside a quorum certificate.
public struct MemberSignature: Hashable, Sendable, Codable {
    /// The signer.
    public let rsu: RSUID
    /// Ed25519 signature (RFC 8032) over the bytes the certificate names.
    public let signature: Signature

    /// Wraps a signer and its signature.
    public init(rsu: RSUID, signature: Signature) {
        self.rsu = rsu
        self.signature = signature
    }
}

/// `n - f` prepare signatures on one block in one view: the proof that lets a node lock on the
/// block and that a new proposer must respect after a view change.
public struct PrepareCertificate: Hashable, Sendable, Codable {
    /// The view in which the block was prepared.
    public let view: UInt64
    /// The prepared block (with its leaves, so a new proposer can re-propose it).
    public let block: Block
    /// The prepare signatures, sorted by RSU id.
    public let signatures: [MemberSignature]

    /// Wraps a certificate.
    public init(view: UInt64, block: Block, signatures: [MemberSignature]) {
        self.view = view
        self.block = block
        self.signatures = signatures
    }

    /// Whether a quorum of distinct members signed the prepare bytes of this block and view.
    /// - Complexity: one signature verification per entry.
    public func isValid(committee: RSUCommittee) -> Bool {
        let bytes = ConsensusMessage.prepareBytes(view: self.view, blockHash: self.block.hash)
        var signers = Set<RSUID>()  // membership only, never iterated
        for entry in self.signatures {
            guard !signers.contains(entry.rsu), committee.isValidSignature(entry.signature, by: entry.rsu, for: bytes)
            else { continue }
            signers.insert(entry.rsu)
        }
        return signers.count >= committee.quorum
    }
}

/// What RSUs send each other over the backhaul. Every message is signed by its sender with the key
/// of its committee seat, over a domain-separated encoding (`docs/ledger.md`, "Consensus").
///
/// The protocol is two-phase, PBFT-like (Castro & Liskov, OSDI 1999) with a Tendermint-style lock:
/// a proposer sends a block, members *prepare* it, `n - f` prepares form a `PrepareCertificate`
/// that locks each member on the block, members then *commit* (an ordinary `Vote` over the header
/// hash), and `n - f` commits in one view make the block final.
public enum ConsensusMessage: Hashable, Sendable, Codable {
    /// The proposer of `(height, view)` offers `block`; `justification` is the highest prepare
    /// certificate the proposer learnt in the view change, for the same block.
    case proposal(view: UInt64, block: Block, signature: Signature, justification: PrepareCertificate?)
    /// A member prepared the block with `blockHash` at `height` in `view`.
    case prepare(height: UInt64, view: UInt64, blockHash: Digest, signature: Signature)
    /// A member committed to the block: its `Vote` is what a final block stores.
    case commit(height: UInt64, view: UInt64, blockHash: Digest, vote: Vote)
    /// A member gave up on the views below `newView` at `height`; carries its highest prepare
    /// certificate so that the next proposer keeps any block that may be final somewhere.
    case viewChange(height: UInt64, newView: UInt64, highest: PrepareCertificate?, signature: Signature)
    /// A member that fell behind asks for the final blocks from `fromHeight`.
    case syncRequest(fromHeight: UInt64)
    /// Final blocks (each with its commit votes), in height order.
    case syncResponse(blocks: [Block])

    /// Domain prefixes of the signed encodings.
    public static let proposalPrefix: [UInt8] = Array("v2v.proposal.v1".utf8)
    public static let preparePrefix: [UInt8] = Array("v2v.prepare.v1".utf8)
    public static let viewChangePrefix: [UInt8] = Array("v2v.viewchange.v1".utf8)

    /// `"v2v.proposal.v1" ‖ view (UInt64 LE) ‖ header hash`.
    public static func proposalBytes(view: UInt64, blockHash: Digest) -> [UInt8] {
        var w = ByteWriter(capacity: 15 + 8 + 32)
        w.append(Self.proposalPrefix)
        w.append(littleEndian: view)
        w.append(blockHash.bytes)
        return w.bytes
    }

    /// `"v2v.prepare.v1" ‖ view (UInt64 LE) ‖ header hash`; the height is inside the header.
    public static func prepareBytes(view: UInt64, blockHash: Digest) -> [UInt8] {
        var w = ByteWriter(capacity: 14 + 8 + 32)
        w.append(Self.preparePrefix)
        w.append(littleEndian: view)
        w.append(blockHash.bytes)
        return w.bytes
    }

    /// `"v2v.viewchange.v1" ‖ height ‖ new view ‖ certificate view ‖ certified hash` (UInt64 LE;
    /// zeros when there is no certificate).
    public static func viewChangeBytes(height: UInt64, newView: UInt64, highest: PrepareCertificate?) -> [UInt8] {
        var w = ByteWriter(capacity: 17 + 24 + 32)
        w.append(Self.viewChangePrefix)
        w.append(littleEndian: height)
        w.append(littleEndian: newView)
        w.append(littleEndian: highest?.view ?? 0)
        w.append(highest?.block.hash.bytes ?? [UInt8](repeating: 0, count: 32))
        return w.bytes
    }

    /// A short name for metrics and logs.
    public var kind: String {
        switch self {
        case .proposal: return "proposal"
        case .prepare: return "prepare"
        case .commit: return "commit"
        case .viewChange: return "view_change"
        case .syncRequest: return "sync_request"
        case .syncResponse: return "sync_response"
        }
    }

    /// Approximate encoded size [B], for backhaul accounting.
    public var approximateSize: Int {
        switch self {
        case let .proposal(_, block, _, justification):
            return 8 + block.contentBytes + 64
                + (justification.map { 8 + 96 * $0.signatures.count } ?? 0)
        case .prepare, .commit: return 8 + 8 + 32 + 64 + 4
        case let .viewChange(_, _, highest, _): return 16 + 64 + (highest.map { 8 + 96 * $0.signatures.count } ?? 0)
        case .syncRequest: return 8
        case let .syncResponse(blocks):
            return blocks.reduce(0) { $0 + $1.contentBytes + 68 * $1.votes.count }
        }
    }
}
