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
    /// Recorded receptions a vehicle acted on although they did not pass verification, by verify outcome
    /// (`unchecked` under `security.verify: none`, …), in name order. Counts recorded rows only: at a
    /// recording level other than `all` some receptions are not in the trace.
    public var actedOnUnverified: [(outcome: String, count: Int)] = []
    /// Recorded receptions acted on, in all.
    public var actedOn = 0
    /// Problems found, in the order met; the audit keeps going so that one report lists them all
    /// (up to `maxProblems`).
    public var problems: [String] = []

    /// Whether everything checked out.
    public var isValid: Bool { self.problems.isEmpty }
}

/// Re-checks a trace as an auditor would, trusting nothing but the CA and RSU public keys in its
/// meta table: every message signature (libsodium), every certificate's CA signature and its
/// binding to the signer key, and the whole chain as `TraceLedger` rebuilds it (hash links, Merkle
/// roots recomputed from the typed leaves and the recorded messages, vote signatures, quorum,
/// block size).
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

        try reader.forEachMessage { row in
            report.messagesChecked += 1
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

        var unverified: [String: Int] = [:]
        try reader.forEachReception { row in
            guard row.actedOn else { return }
            report.actedOn += 1
            if row.verifyOutcome != "accepted" { unverified[row.verifyOutcome, default: 0] += 1 }
        }
        report.actedOnUnverified = unverified.keys.sorted().map { ($0, unverified[$0]!) }

        guard try !reader.blocks().isEmpty else { return report }
        let ledger: TraceLedger
        do { ledger = try TraceLedger.load(path: reader.path) } catch let error as LedgerFileError {
            problem("meta: \(error.problem)")
            return report
        }
        report.leavesChecked = ledger.blocks.reduce(0) { $0 + ($1?.leaves.count ?? 0) }
        let chainReport = ledger.audit()
        report.blocksChecked = chainReport.blocksChecked
        if let first = chainReport.firstProblem { problem("\(first.description) (field \(first.field))") }
        return report
    }
}
