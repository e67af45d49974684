import Ledger
import SimKernel
import V2X

/// Revocations take effect when the block that carries them is final.
///
/// Reports reach the chain as report leaves; each RSU's `RevocationRule` turns `revoke_after`
/// distinct reporters against one certificate into a revocation leaf for a later block; the first
/// time a block carrying that leaf is final anywhere (`noteFinal`), the certificate goes on the
/// shared `RevocationList` and every verifier rejects it from then on. Time to revoke is measured
/// to that moment.
extension Simulation {
    /// Applies a revocation leaf of a newly final block.
    func revocationFinal(_ revocation: RevocationLeaf) {
        let certificate = CertificateDigest(raw: revocation.certificate)
        guard self.revocations.revocationTime(of: certificate) == nil else { return }
        self.revocations.revoke(certificate, at: self.now)
        guard let owner = self.detection.owner[certificate] else { return }
        if self.detection.firstAttack[owner] != nil {
            if self.detection.firstRevoked[owner] == nil { self.detection.firstRevoked[owner] = self.now }
        } else {
            self.detection.honestRevoked += 1
        }
    }
}
