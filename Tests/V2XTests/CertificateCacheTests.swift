import SimKernel
import Testing
import V2VCrypto
@testable import V2X

@Suite("Certificate cache and revocation")
struct CertificateCacheTests {
    let f = Fixtures()

    @Test("the cache learns a certificate from a full-certificate message and keeps it for digests")
    func learns() {
        var v = self.f.verifier()
        #expect(!v.knows(self.f.certificate.digest))
        #expect(v.verify(self.f.envelope(at: .seconds(1)).bytes, now: .seconds(1), memo: SignatureMemo()).outcome == .accepted)
        #expect(v.knows(self.f.certificate.digest) && v.cachedCertificateCount == 1)
        for t in 2...5 {
            let e = self.f.envelope(at: .seconds(Int64(t)), withCertificate: false)
            #expect(v.verify(e.bytes, now: .seconds(Int64(t)), memo: SignatureMemo()).outcome == .accepted)
        }
        #expect(v.cachedCertificateCount == 1)
    }

    @Test("a new pseudonym is unknown by digest until its certificate arrives; the old one stays usable")
    func pseudonymChange() {
        var v = self.f.verifier()
        let memo = SignatureMemo()
        _ = v.verify(self.f.envelope(at: .seconds(1)).bytes, now: .seconds(1), memo: memo)
        let newKey = try! SigningKey(seed: [UInt8](repeating: 3, count: 32))
        let newCert = self.f.ca.issue(subject: newKey.verifyingKey, validFrom: .seconds(2), validUntil: .seconds(100))
        #expect(newCert.digest != self.f.certificate.digest)
        let byDigest = SignedEnvelope.sign(
            type: .cam, generationTime: .seconds(2), signer: .digest(newCert.digest), payload: self.f.cam.encoded(), key: newKey)
        #expect(v.verify(byDigest.bytes, now: .seconds(2), memo: memo).outcome == .rejected(.unknownSigner))
        let withCert = SignedEnvelope.sign(
            type: .cam, generationTime: .seconds(3), signer: .certificate(newCert), payload: self.f.cam.encoded(), key: newKey)
        #expect(v.verify(withCert.bytes, now: .seconds(3), memo: memo).outcome == .accepted)
        #expect(v.cachedCertificateCount == 2)
        // A certificate used before its validity starts is refused.
        let early = SignedEnvelope.sign(
            type: .cam, generationTime: .seconds(1), signer: .certificate(newCert), payload: self.f.cam.encoded(), key: newKey)
        var fresh = self.f.verifier()
        #expect(fresh.verify(early.bytes, now: .seconds(1), memo: memo).outcome == .rejected(.expiredCertificate))
    }

    @Test("expired certificates are evicted; their digests become unknown")
    func eviction() {
        let short = Fixtures(validUntil: .seconds(10))
        var v = short.verifier()
        _ = v.verify(short.envelope(at: .seconds(1)).bytes, now: .seconds(1), memo: SignatureMemo())
        v.evictCertificates(expiredBefore: .seconds(5))
        #expect(v.cachedCertificateCount == 1)
        v.evictCertificates(expiredBefore: .seconds(11))
        #expect(v.cachedCertificateCount == 0)
    }

    @Test("a revoked certificate is rejected as revoked from its revocation time on, by digest or in full")
    func revoked() {
        let list = RevocationList()
        var v = self.f.verifier()
        v.revocations = list
        let memo = SignatureMemo()
        #expect(v.verify(self.f.envelope(at: .seconds(1)).bytes, now: .seconds(1), memo: memo).outcome == .accepted)
        list.revoke(self.f.certificate.digest, at: .seconds(2))
        list.revoke(self.f.certificate.digest, at: .seconds(9))
        #expect(list.count == 1 && list.revocationTime(of: self.f.certificate.digest) == .seconds(2))
        let before = self.f.envelope(at: .milliseconds(1500), withCertificate: false)
        #expect(v.verify(before.bytes, now: .milliseconds(1500), memo: memo).outcome == .accepted)
        for (t, cert) in [(3, true), (4, false)] {
            let e = self.f.envelope(at: .seconds(Int64(t)), withCertificate: cert)
            #expect(v.verify(e.bytes, now: .seconds(Int64(t)), memo: memo).outcome == .rejected(.revoked))
        }
    }

    @Test("a misbehaviour report has a canonical 99-byte leaf encoding that ends with the detector's digest")
    func reportLeaf() {
        let r = MisbehaviourReport(
            reporter: CertificateDigest(bytes: [1, 2, 3, 4, 5, 6, 7, 8]), suspect: self.f.certificate.digest,
            check: .positionJump, time: .milliseconds(1234), evidence: [UInt8](repeating: 0xAB, count: 32))
        let leaf = r.leafBytes
        #expect(leaf.count == 99)
        #expect(Array(leaf.prefix(10)) == Array("v2v.mbr.v2".utf8))
        #expect(Array(leaf.suffix(32)) == LearnedDetector.ruleBasedDigest.bytes)
        #expect(Array(leaf[10..<18]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(leaf[26] == UInt8(MisbehaviourReport.Check.allCases.firstIndex(of: .positionJump)!))
    }
}
