import Ledger
import Trace
import V2VCrypto

/// The blocks a trace recorded, rebuilt from its `blocks`, `leaves`, `anchors` and `messages`
/// tables: the one place where both `ledger verify` (`TraceLedger`) and `verify` (`TraceAudit`)
/// turn rows back into blocks.
///
/// Each block's header comes from `header_bytes`, its leaves from the `leaves` rows of its height
/// (typed leaf bytes, in leaf order), its votes from `signatures`. On the way it checks what the
/// signed content cannot vouch for: the stored columns against the header, each leaf row's `kind`
/// and `leaf_hash` against its bytes, and each anchored message's envelope digest against the
/// message leaf it names. The first such problem of each height is kept.
struct TraceChainRebuild {
    /// Block rows in insertion (height) order.
    var rows: [BlockRow] = []
    /// Rebuilt blocks; nil where `header_bytes` does not decode.
    var blocks: [Block?] = []
    /// Leaf rows by height, in leaf order.
    var leaves: [UInt64: [LeafRow]] = [:]
    /// Anchor rows by height, in leaf order.
    var anchors: [UInt64: [AnchorRow]] = [:]
    /// The first problem found while rebuilding, by height.
    var problems: [UInt64: AuditProblem] = [:]

    /// An empty rebuild, to audit blocks rebuilt earlier.
    init() {}

    /// Reads and rebuilds the chain of the trace `reader` opened.
    /// - Throws: `TraceError` when a table cannot be read.
    init(reader: TraceReader, committee: RSUCommittee) throws {
        try reader.forEachLeaf { self.leaves[$0.height, default: []].append($0) }
        for key in Array(self.leaves.keys) { self.leaves[key]?.sort { $0.leafIndex < $1.leafIndex } }
        var wanted = Set<UInt64>()
        try reader.forEachAnchor { row in
            self.anchors[row.height, default: []].append(row)
            wanted.insert(row.messageID)
        }
        for key in Array(self.anchors.keys) { self.anchors[key]?.sort { $0.leafIndex < $1.leafIndex } }
        var digestOf: [UInt64: Digest] = [:]
        try reader.forEachMessage { row in
            if wanted.contains(row.messageID) { digestOf[row.messageID] = SHA256.hash(row.envelope) }
        }
        self.rows = try reader.blocks()
        for (position, row) in self.rows.enumerated() {
            self.blocks.append(self.rebuild(row, height: UInt64(position), committee: committee, digestOf: digestOf))
        }
    }

    private mutating func note(_ height: UInt64, _ field: String, _ message: String) {
        if self.problems[height] == nil { self.problems[height] = AuditProblem(height: height, field: field, message: message) }
    }

    private mutating func rebuild(
        _ row: BlockRow, height: UInt64, committee: RSUCommittee, digestOf: [UInt64: Digest]
    ) -> Block? {
        guard let header = try? BlockHeader.decode(row.headerBytes) else {
            self.note(height, "header", "header_bytes do not decode as a version-1 block header")
            return nil
        }
        var leaves: [LedgerLeaf] = []
        for (i, leafRow) in (self.leaves[row.height] ?? []).enumerated() {
            guard leafRow.leafIndex == i else {
                self.note(height, "leaves", "leaves: leaf \(i) is missing (next recorded index is \(leafRow.leafIndex))")
                break
            }
            let leaf: LedgerLeaf
            do { leaf = try LedgerLeaf(encoded: leafRow.leaf) } catch {
                self.note(height, "leaves", "leaves: leaf \(i) does not parse: \(error)")
                break
            }
            if leafRow.kind != leaf.kind.description {
                self.note(height, "kind", "leaves: kind of leaf \(i) is '\(leafRow.kind)' but its type byte says '\(leaf.kind)'")
            }
            if leafRow.leafHash != leaf.leafHash.hex {
                self.note(height, "leaf_hash", "leaves: leaf_hash of leaf \(i) is not SHA-256(0x00 ‖ leaf)")
            }
            leaves.append(leaf)
        }
        for anchor in self.anchors[row.height] ?? [] {
            guard leaves.indices.contains(anchor.leafIndex), let digest = leaves[anchor.leafIndex].messageDigest else {
                self.note(height, "leaves", "anchors: message \(anchor.messageID) names leaf \(anchor.leafIndex), not a message leaf")
                continue
            }
            guard let recorded = digestOf[anchor.messageID] else {
                self.note(height, "leaves", "anchors: leaf \(anchor.leafIndex) names message \(anchor.messageID), which the trace does not hold")
                continue
            }
            if recorded != digest {
                self.note(height, "leaves", "leaf \(anchor.leafIndex): SHA-256 of message \(anchor.messageID)'s envelope is not the anchored digest")
            }
            if anchor.leafHash != leaves[anchor.leafIndex].leafHash.hex {
                self.note(height, "leaf_hash", "anchors: leaf_hash of leaf \(anchor.leafIndex) is not SHA-256(0x00 ‖ 0x01 ‖ SHA-256(envelope))")
            }
        }
        var votes: [Vote] = []
        for part in row.signatures.split(separator: ";") {
            let fields = part.split(separator: ":")
            guard fields.count == 2, let rsu = UInt32(fields[0]), let bytes = try? Hex.decode(String(fields[1])),
                let signature = try? Signature(bytes: bytes)
            else {
                self.note(height, "votes", "signatures: malformed entry '\(part.prefix(24))'")
                continue
            }
            votes.append(Vote(rsu: RSUID(raw: rsu), signature: signature))
        }
        if row.hash != header.hash.hex { self.note(height, "hash", "hash column is not SHA-256 of header_bytes") }
        if row.previousHash != header.previousHash.hex { self.note(height, "previous_hash", "previous_hash column differs from the header's") }
        if row.merkleRoot != header.merkleRoot.hex { self.note(height, "merkle_root", "merkle_root column differs from the header's") }
        if row.leafCount != Int(header.leafCount) { self.note(height, "leaf_count", "leaf_count column differs from the header's") }
        if row.proposer != header.proposer.raw { self.note(height, "proposer", "proposer column differs from the header's") }
        // The trace does not store the view; the signed proposer field fixes the rotation slot.
        let n = UInt64(committee.count)
        let view = (UInt64(header.proposer.raw) % n + n - header.height % n) % n
        return Block(header: header, leaves: leaves, votes: votes, view: view)
    }

    /// Audits the rebuilt chain: `ChainAuditor` over the blocks up to the first that did not
    /// decode, then the rebuild problems; at the same height the signed content's verdict wins, since
    /// it says which side of a mismatch was altered.
    func audit(committee: RSUCommittee, maxBlockBytes: Int?, revocationThreshold: Int?) -> AuditReport {
        var intact: [Block] = []
        for block in self.blocks {
            guard let block else { break }
            intact.append(block)
        }
        let chain = ChainAuditor.audit(
            intact, committee: committee, maxBlockBytes: maxBlockBytes, revocationThreshold: revocationThreshold)
        let firstRebuild = self.problems.keys.min()
        switch (chain.firstProblem, firstRebuild) {
        case let (problem?, rebuilt?) where rebuilt < problem.height:
            return AuditReport(blocksChecked: Int(rebuilt) + 1, firstProblem: self.problems[rebuilt])
        case (_?, _):
            return chain
        case let (nil, rebuilt?):
            return AuditReport(blocksChecked: Int(rebuilt) + 1, firstProblem: self.problems[rebuilt])
        case (nil, nil):
            return chain
        }
    }
}
