import SimKernel
import Testing
import V2VCrypto
@testable import V2X

@Suite("Verifier pipeline")
struct VerifierTests {
    let f = Fixtures()
    let memo = SignatureMemo()

    @Test("an honest message with its certificate is accepted")
    func accepted() {
        var v = self.f.verifier()
        #expect(v.verify(self.f.envelope(at: .seconds(1)).bytes, now: .seconds(1) + .milliseconds(2), memo: self.memo).outcome == .accepted)
        #expect(v.cachedCertificateCount == 1)
    }

    @Test("a digest the receiver has never seen is unknown_signer; after the certificate it is accepted")
    func unknownSignerThenCached() {
        var v = self.f.verifier()
        let now = SimTime.seconds(2)
        #expect(v.verify(self.f.envelope(at: now, withCertificate: false).bytes, now: now, memo: self.memo).outcome == .rejected(.unknownSigner))
        #expect(v.verify(self.f.envelope(at: now + .milliseconds(100)).bytes, now: now + .milliseconds(101), memo: self.memo).outcome == .accepted)
        #expect(v.verify(self.f.envelope(at: now + .milliseconds(200), withCertificate: false).bytes, now: now + .milliseconds(201), memo: self.memo).outcome == .accepted)
    }

    @Test("a message signed with the wrong key is bad_signature")
    func forged() {
        var v = self.f.verifier()
        let thief = try! SigningKey(seed: [UInt8](repeating: 3, count: 32))
        let e = self.f.envelope(at: .seconds(1), key: thief)
        #expect(v.verify(e.bytes, now: .seconds(1), memo: self.memo).outcome == .rejected(.badSignature))
    }

    @Test("flipping any single bit of the signed bytes never yields acceptance")
    func tamperEveryBit() {
        let bytes = self.f.envelope(at: .seconds(1)).bytes
        for i in 0..<bytes.count {
            for bit in [0, 3, 7] {
                var t = bytes
                t[i] ^= UInt8(1 << bit)
                var v = self.f.verifier()
                let outcome = v.verify(t, now: .seconds(1), memo: self.memo).outcome
                #expect(outcome != .accepted, "byte \(i) bit \(bit)")
            }
        }
    }

    @Test("freshness: older than 2 s is stale, more than 40 ms ahead is future")
    func freshness() {
        var v = self.f.verifier()
        let gen = SimTime.seconds(10)
        #expect(v.verify(self.f.envelope(at: gen).bytes, now: gen + .seconds(2) + .milliseconds(1), memo: self.memo).outcome == .rejected(.stale))
        #expect(v.verify(self.f.envelope(at: gen).bytes, now: gen - .milliseconds(41), memo: self.memo).outcome == .rejected(.future))
        #expect(v.verify(self.f.envelope(at: gen).bytes, now: gen - .milliseconds(39), memo: self.memo).outcome == .accepted)
    }

    @Test("the same frame twice is replayed; signature mode does not check replays")
    func replay() {
        let bytes = self.f.envelope(at: .seconds(5)).bytes
        var full = self.f.verifier(.full)
        #expect(full.verify(bytes, now: .seconds(5), memo: self.memo).outcome == .accepted)
        #expect(full.verify(bytes, now: .seconds(5) + .milliseconds(500), memo: self.memo).outcome == .rejected(.replayed))
        var sigOnly = self.f.verifier(.signature)
        #expect(sigOnly.verify(bytes, now: .seconds(5), memo: self.memo).outcome == .accepted)
        #expect(sigOnly.verify(bytes, now: .seconds(9), memo: self.memo).outcome == .accepted)
    }

    @Test("mode none takes a forged message at face value")
    func noneMode() {
        var v = self.f.verifier(.none)
        let thief = try! SigningKey(seed: [UInt8](repeating: 4, count: 32))
        #expect(v.verify(self.f.envelope(at: .seconds(1), key: thief).bytes, now: .seconds(1), memo: self.memo).outcome == .unchecked)
        #expect(v.verify([1, 2, 3], now: .seconds(1), memo: self.memo).outcome == .rejected(.decodeError))
    }

    @Test("an expired certificate and one from another CA are refused")
    func certificates() {
        let short = Fixtures(validUntil: .seconds(1))
        var v = short.verifier()
        #expect(v.verify(short.envelope(at: .seconds(2)).bytes, now: .seconds(2), memo: self.memo).outcome == .rejected(.expiredCertificate))

        let rogueCA = CertificateAuthority(key: try! SigningKey(seed: [UInt8](repeating: 5, count: 32)))
        let rogueCert = rogueCA.issue(subject: self.f.key.verifyingKey, validFrom: .zero, validUntil: .seconds(100))
        let e = SignedEnvelope.sign(type: .cam, generationTime: .seconds(1), signer: .certificate(rogueCert), payload: self.f.cam.encoded(), key: self.f.key)
        var w = self.f.verifier()
        #expect(w.verify(e.bytes, now: .seconds(1), memo: self.memo).outcome == .rejected(.badCertificate))
    }

    @Test("the memo calls libsodium once per distinct triple")
    func memoCountsCalls() {
        let memo = SignatureMemo()
        let bytes = self.f.envelope(at: .seconds(1)).bytes
        for _ in 0..<10 {
            var v = self.f.verifier()
            #expect(v.verify(bytes, now: .seconds(1), memo: memo).outcome == .accepted)
        }
        // One certificate check and one message signature, each verified once.
        #expect(memo.misses == 2)
        #expect(memo.hits == 18)
    }
}
