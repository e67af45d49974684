import Ledger
import Trace
import V2VCrypto

/// A trace file that cannot serve as a ledger; `description` names the file.
public struct LedgerFileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var problem: String
    public var description: String { "\(self.path): \(self.problem)" }
}

/// The chain a trace recorded, rebuilt from its `blocks`, `leaves`, `anchors` and `messages` tables
/// (`TraceChainRebuild`), trusting only the RSU public keys in its meta table.
public struct TraceLedger: Sendable {
    public let path: String
    public let committee: RSUCommittee
    public let rows: [BlockRow]
    /// Blocks rebuilt from the rows: header from `header_bytes` (nil when it does not decode),
    /// typed leaves from the `leaves` table, votes from `signatures`.
    public let blocks: [Block?]
    /// Leaf rows by height, in leaf order.
    public let leaves: [UInt64: [LeafRow]]
    /// Anchor rows by height, in leaf order.
    public let anchors: [UInt64: [AnchorRow]]
    /// The block size limit the run used (meta `ledger_max_block_bytes`), nil when not recorded.
    public let maxBlockBytes: Int?
    /// The revocation threshold the run used (meta `ledger_revoke_after`), nil when not recorded.
    public let revokeAfter: Int?
    /// Pseudonyms (certificate digests, hex) each vehicle signed with, from the `messages` table.
    public let pseudonyms: [UInt32: [String]]
    /// Problems found while rebuilding, by height (missing messages, malformed signatures).
    let rebuildProblems: [UInt64: AuditProblem]

    /// Reads the ledger of the trace at `path`.
    /// - Throws: `TraceError` for a missing, non-SQLite or foreign file; `LedgerFileError` when the
    ///   trace lacks the RSU keys.
    public static func load(path: String) throws -> TraceLedger {
        let reader = try TraceReader(path: path)
        let committee = try Self.committee(reader)
        let rebuilt = try TraceChainRebuild(reader: reader, committee: committee)
        var pseudonyms: [UInt32: [String]] = [:]
        try reader.forEachMessage { row in
            if !(pseudonyms[row.sender]?.contains(row.pseudonym) ?? false) {
                pseudonyms[row.sender, default: []].append(row.pseudonym)
            }
        }
        func positive(_ key: String) throws -> Int? {
            guard let text = reader.meta[key] else { return nil }
            guard let value = Int(text), value > 0 else {
                throw LedgerFileError(path: path, problem: "meta \(key) is '\(text.prefix(20))', not a positive integer")
            }
            return value
        }
        let limit = try positive("ledger_max_block_bytes")
        let threshold = try positive("ledger_revoke_after")
        return TraceLedger(
            path: path, committee: committee, rows: rebuilt.rows, blocks: rebuilt.blocks, leaves: rebuilt.leaves,
            anchors: rebuilt.anchors, maxBlockBytes: limit, revokeAfter: threshold, pseudonyms: pseudonyms, rebuildProblems: rebuilt.problems)
    }

    /// The RSU committee named by the trace's meta `rsu_public_keys`.
    /// - Throws: `LedgerFileError` when the keys are missing, malformed or repeated.
    static func committee(_ reader: TraceReader) throws -> RSUCommittee {
        let path = reader.path
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
        return RSUCommittee(keys: keys)
    }

    /// Recomputes every hash link, Merkle root (over the typed leaves), signature, quorum and the
    /// block size limit, and checks the stored columns against the signed headers. Reports the
    /// first bad block and field.
    public func audit() -> AuditReport {
        var rebuilt = TraceChainRebuild()
        rebuilt.blocks = self.blocks
        rebuilt.problems = self.rebuildProblems
        return rebuilt.audit(committee: self.committee, maxBlockBytes: self.maxBlockBytes, revocationThreshold: self.revokeAfter)
    }

    /// The inclusion proof of message `messageID`, where it was anchored.
    public func proof(forMessage messageID: UInt64) -> (proof: AnchorProof, anchor: AnchorRow, row: BlockRow)? {
        for height in self.anchors.keys.sorted() {
            guard let anchor = self.anchors[height]?.first(where: { $0.messageID == messageID }),
                Int(height) < self.blocks.count, let block = self.blocks[Int(height)],
                block.leaves.indices.contains(anchor.leafIndex)
            else { continue }
            return (AnchorProof(block: block, leafIndex: anchor.leafIndex), anchor, self.rows[Int(height)])
        }
        return nil
    }

    /// Inclusion proofs of every leaf of `kind` about `certificate` (the registered pseudonym, the
    /// report's suspect, the revoked certificate), in chain order.
    public func proofs(kind: LeafKind, certificate: UInt64) -> [(proof: AnchorProof, content: LeafContent, row: BlockRow)] {
        var out: [(AnchorProof, LeafContent, BlockRow)] = []
        for (position, block) in self.blocks.enumerated() {
            guard let block else { continue }
            for (index, leaf) in block.leaves.enumerated() where leaf.kind == kind {
                guard let content = try? leaf.content() else { continue }
                let subject: UInt64?
                switch content {
                case .message: subject = nil
                case let .misbehaviourReport(r): subject = r.suspect
                case let .revocation(r): subject = r.certificate
                case let .registration(r): subject = r.certificate
                case let .detectorRegistration(r): subject = r.certificate
                }
                if subject == certificate {
                    out.append((AnchorProof(block: block, leafIndex: index), content, self.rows[position]))
                }
            }
        }
        return out
    }
}
