import Ledger
import Trace
import V2VCrypto
import V2X

/// The result of checking a trace's cryptography offline.
public struct TraceAuditReport: Sendable {
    public var messagesChecked = 0
    public var certificatesChecked = 0
    /// Messages marked as outsider attacks, which are not audited.
    public var outsiderMessages = 0
    public var blocksChecked = 0
    public var leavesChecked = 0
    /// Problems found, in the order met; the audit keeps going so that one report lists them all
    /// (up to `maxProblems`).
    public var problems: [String] = []

    /// Whether everything checked out.
    public var isValid: Bool { self.problems.isEmpty }
}

/// Re-checks a trace as an auditor would, trusting nothing but the CA and RSU public keys in its
/// meta table: every message signature (libsodium), every certificate's CA signature and its
/// binding to the signer key, and the whole chain (hash links, Merkle roots recomputed from the
/// recorded messages, vote signatures, quorum).
public enum TraceAudit {
    /// Stop listing problems after this many.
    public static let maxProblems = 50

    /// Audits the trace that `reader` opened.
    /// - Throws: only when the trace cannot be read at all.
    public static func audit(_ reader: TraceReader) throws -> TraceAuditReport {
        var report = TraceAuditReport()
        func problem(_ text: String) {
            if report.problems.count < Self.maxProblems { report.problems.append(text) }
        }
        guard let caHex = reader.meta["ca_public_key"], let caBytes = try? Hex.decode(caHex),
              let caKey = try? VerifyingKey(bytes: caBytes)
        else {
            problem("meta: ca_public_key missing or malformed")
            return report
        }
        let ca = CertificateDigest(certificateBytes: caKey.bytes)
        var keyOfCertificate: [CertificateDigest: VerifyingKey] = [:]
        var digestOfMessage: [UInt64: Digest] = [:]

        try reader.forEachMessage { row in
            report.messagesChecked += 1
            digestOfMessage[row.messageID] = SHA256.hash(row.envelope)
            let label = "message \(row.messageID)"
            // Outsider frames (forged, tampered, replayed) are ground truth of an attack: their
            // signatures are expected not to hold for their claimed signer, so they are not audited.
            if let attacker = row.attacker, AttackType(name: attacker)?.isOutsider == true {
                report.outsiderMessages += 1
                return
            }
            let envelope: SignedEnvelope
            do { envelope = try SignedEnvelope.decode(row.envelope) } catch {
                problem("\(label): envelope does not decode: \(error)")
                return
            }
            guard let key = try? VerifyingKey(bytes: row.signerPublicKey) else {
                problem("\(label): signer_public_key is not 32 bytes")
                return
            }
            if envelope.signer.digest.hex != row.pseudonym {
                problem("\(label): pseudonym column \(row.pseudonym) differs from the envelope's signer \(envelope.signer.digest.hex)")
            }
            switch envelope.signer {
            case let .certificate(cert):
                report.certificatesChecked += 1
                let signed = Array(cert.encoded[..<62])
                if cert.issuer != ca || !caKey.isValidSignature(cert.signature, for: signed) {
                    problem("\(label): certificate \(cert.digest.hex) is not signed by the trace's CA")
                }
                if cert.subjectKey != key {
                    problem("\(label): certificate \(cert.digest.hex) names another key than signer_public_key")
                }
                keyOfCertificate[cert.digest] = cert.subjectKey
            case let .digest(d):
                if let known = keyOfCertificate[d], known != key {
                    problem("\(label): signer digest \(d.hex) belongs to another key")
                }
            }
            if !key.isValidSignature(bytes: Array(envelope.signatureBytes), for: envelope.signedBytes) {
                problem("\(label): bad signature")
            }
        }

        let rsuKeys = (reader.meta["rsu_public_keys"] ?? "").split(separator: ",").compactMap {
            (try? Hex.decode(String($0))).flatMap { try? VerifyingKey(bytes: $0) }
        }
        let blocks = try reader.blocks()
        guard !blocks.isEmpty else { return report }
        guard !rsuKeys.isEmpty, Set(rsuKeys).count == rsuKeys.count else {
            problem("meta: rsu_public_keys missing or malformed")
            return report
        }
        let committee = RSUCommittee(keys: rsuKeys)
        var leaves: [UInt64: [(index: Int, messageID: UInt64)]] = [:]
        try reader.forEachAnchor { leaves[$0.height, default: []].append(($0.leafIndex, $0.messageID)) }

        var chain: [Block] = []
        for row in blocks {
            let label = "block \(row.height)"
            let header: BlockHeader
            do { header = try BlockHeader.decode(row.headerBytes) } catch {
                problem("\(label): header does not decode: \(error)")
                break
            }
            if header.hash.hex != row.hash { problem("\(label): hash column does not match the header") }
            var digests: [Digest] = []
            for (position, leaf) in (leaves[row.height] ?? []).sorted(by: { $0.index < $1.index }).enumerated() {
                guard leaf.index == position, let d = digestOfMessage[leaf.messageID] else {
                    problem("\(label): leaf \(leaf.index) has no recorded message")
                    continue
                }
                digests.append(d)
            }
            report.leavesChecked += digests.count
            var votes: [Vote] = []
            for part in row.signatures.split(separator: ";") {
                let fields = part.split(separator: ":")
                guard fields.count == 2, let rsu = UInt32(fields[0]), let bytes = try? Hex.decode(String(fields[1])),
                      let sig = try? Signature(bytes: bytes)
                else {
                    problem("\(label): malformed signature entry '\(part.prefix(20))'")
                    continue
                }
                votes.append(Vote(rsu: RSUID(raw: rsu), signature: sig))
            }
            // The trace does not store the view; the signed proposer field fixes the rotation slot.
            let n = UInt64(committee.count)
            let view = (UInt64(header.proposer.raw) % n + n - header.height % n) % n
            chain.append(Block(header: header, leaves: digests, votes: votes, view: view))
        }
        let chainReport = ChainAuditor.audit(chain, committee: committee)
        report.blocksChecked = chainReport.blocksChecked
        if let first = chainReport.firstProblem { problem(first.description) }
        return report
    }
}
