import Ledger
import Trace
import V2VCrypto

/// A trace file that cannot serve as a ledger; `description` names the file.
public struct LedgerFileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var problem: String
    public var description: String { "\(self.path): \(self.problem)" }
}

/// The chain a trace recorded, rebuilt from its `blocks`, `anchors` and `messages` tables, trusting
/// only the RSU public keys in its meta table.
public struct TraceLedger: Sendable {
    public let path: String
    public let committee: RSUCommittee
    public let rows: [BlockRow]
    /// Blocks rebuilt from the rows: header from `header_bytes` (nil when it does not decode),
    /// leaves = SHA-256 of each anchored message's envelope, votes from `signatures`.
    public let blocks: [Block?]
    /// Anchor rows by height, in leaf order.
    public let anchors: [UInt64: [AnchorRow]]
    /// Problems found while rebuilding, by height (missing messages, malformed signatures).
    let rebuildProblems: [UInt64: AuditProblem]

    /// Reads the ledger of the trace at `path`.
    /// - Throws: `TraceError` for a missing, non-SQLite or foreign file; `LedgerFileError` when the
    ///   trace lacks the RSU keys.
    public static func load(path: String) throws -> TraceLedger {
        let reader = try TraceReader(path: path)
        guard let keysText = reader.meta["rsu_public_keys"], !keysText.isEmpty else {
            throw LedgerFileError(path: path, problem: "meta has no rsu_public_keys; not a finished v2vsim run")
        }
        var keys: [VerifyingKey] = []
        for part in keysText.split(separator: ",") {
            guard let bytes = try? Hex.decode(String(part)), let key = try? VerifyingKey(bytes: bytes) else {
                throw LedgerFileError(path: path, problem: "meta rsu_public_keys holds '\(part.prefix(16))…', not a 32-byte hex key")
            }
            keys.append(key)
        }
        guard Set(keys).count == keys.count else {
            throw LedgerFileError(path: path, problem: "meta rsu_public_keys names one key twice")
        }
        let committee = RSUCommittee(keys: keys)
        var anchors: [UInt64: [AnchorRow]] = [:]
        var wanted = Set<UInt64>()
        try reader.forEachAnchor { row in
            anchors[row.height, default: []].append(row)
            wanted.insert(row.messageID)
        }
        for key in Array(anchors.keys) { anchors[key]?.sort { $0.leafIndex < $1.leafIndex } }
        var digestOf: [UInt64: Digest] = [:]
        try reader.forEachMessage { row in
            if wanted.contains(row.messageID) { digestOf[row.messageID] = SHA256.hash(row.envelope) }
        }
        let rows = try reader.blocks()
        var blocks: [Block?] = []
        var problems: [UInt64: AuditProblem] = [:]
        for (position, row) in rows.enumerated() {
            let height = UInt64(position)
            func note(_ field: String, _ message: String) {
                if problems[height] == nil { problems[height] = AuditProblem(height: height, field: field, message: message) }
            }
            guard let header = try? BlockHeader.decode(row.headerBytes) else {
                note("header", "header_bytes do not decode as a version-1 block header")
                blocks.append(nil)
                continue
            }
            var leaves: [Digest] = []
            for (i, anchor) in (anchors[row.height] ?? []).enumerated() {
                guard anchor.leafIndex == i else {
                    note("leaves", "anchors: leaf \(i) is missing (next recorded index is \(anchor.leafIndex))")
                    break
                }
                guard let digest = digestOf[anchor.messageID] else {
                    note("leaves", "leaf \(i) names message \(anchor.messageID), which the trace does not hold")
                    break
                }
                if MerkleTree.leafHash(digest.bytes).hex != anchor.leafHash {
                    note("leaf_hash", "anchors: leaf_hash of leaf \(i) is not SHA-256(0x00 ‖ SHA-256(envelope))")
                }
                leaves.append(digest)
            }
            var votes: [Vote] = []
            for part in row.signatures.split(separator: ";") {
                let fields = part.split(separator: ":")
                guard fields.count == 2, let rsu = UInt32(fields[0]), let bytes = try? Hex.decode(String(fields[1])),
                    let signature = try? Signature(bytes: bytes)
                else {
                    note("votes", "signatures: malformed entry '\(part.prefix(24))'")
                    continue
                }
                votes.append(Vote(rsu: RSUID(raw: rsu), signature: signature))
            }
            if row.hash != header.hash.hex { note("hash", "hash column is not SHA-256 of header_bytes") }
            if row.previousHash != header.previousHash.hex { note("previous_hash", "previous_hash column differs from the header's") }
            if row.merkleRoot != header.merkleRoot.hex { note("merkle_root", "merkle_root column differs from the header's") }
            if row.leafCount != Int(header.leafCount) { note("leaf_count", "leaf_count column differs from the header's") }
            if row.proposer != header.proposer.raw { note("proposer", "proposer column differs from the header's") }
            // The trace does not store the view; the signed proposer field fixes the rotation slot.
            let n = UInt64(committee.count)
            let view = (UInt64(header.proposer.raw) % n + n - header.height % n) % n
            blocks.append(Block(header: header, leaves: leaves, votes: votes, view: view))
        }
        return TraceLedger(
            path: path, committee: committee, rows: rows, blocks: blocks, anchors: anchors, rebuildProblems: problems)
    }

    /// Recomputes every hash link, Merkle root, signature and quorum, and checks the stored columns
    /// against the signed headers. Reports the first bad block and field.
    public func audit() -> AuditReport {
        // The signed content first (ChainAuditor over every decodable block up to the first that
        // is not), then the stored columns; at the same height the signed content's verdict wins.
        var intact: [Block] = []
        for block in self.blocks {
            guard let block else { break }
            intact.append(block)
        }
        let chain = ChainAuditor.audit(intact, committee: self.committee)
        let firstRebuild = self.rebuildProblems.keys.min()
        switch (chain.firstProblem, firstRebuild) {
        case let (problem?, rebuilt?) where rebuilt < problem.height:
            return AuditReport(blocksChecked: Int(rebuilt) + 1, firstProblem: self.rebuildProblems[rebuilt])
        case (_?, _):
            return chain
        case let (nil, rebuilt?):
            return AuditReport(blocksChecked: Int(rebuilt) + 1, firstProblem: self.rebuildProblems[rebuilt])
        case (nil, nil):
            return chain
        }
    }

    /// The inclusion proof of message `messageID`, where it was anchored.
    public func proof(forMessage messageID: UInt64) -> (proof: AnchorProof, anchor: AnchorRow, row: BlockRow)? {
        for (height, list) in self.anchors {
            guard let anchor = list.first(where: { $0.messageID == messageID }), Int(height) < self.blocks.count,
                let block = self.blocks[Int(height)], block.leaves.indices.contains(anchor.leafIndex)
            else { continue }
            return (AnchorProof(block: block, leafIndex: anchor.leafIndex), anchor, self.rows[Int(height)])
        }
        return nil
    }
}
