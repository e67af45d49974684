import SimKernel
import Testing
import V2VCrypto
@testable import V2X

@Suite("Wire format")
struct WireFormatTests {
    let f = Fixtures()

    @Test("the signature is the last 64 bytes and signs every byte before it")
    func signatureCoversEverythingBefore() throws {
        let e = self.f.envelope(at: .milliseconds(1500))
        let bytes = e.bytes
        let signature = try Signature(bytes: Array(bytes.suffix(64)))
        #expect(self.f.key.verifyingKey.isValidSignature(signature, for: Array(bytes.dropLast(64))))
        // Header fields sit where docs/wire-format.md says.
        #expect(Array(bytes[0..<2]) == [0x56, 0x32])
        #expect(bytes[2] == 3)
        #expect(bytes[3] == MessageType.cam.rawValue)
        let generation = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[4 + $1]) << (8 * UInt64($1)) }
        #expect(generation == 1_500_000_000)
        #expect(bytes[12] == 1)
        #expect(Array(bytes[13..<(13 + Certificate.encodedLength)]) == self.f.certificate.encoded)
        #expect(bytes[13 + Certificate.encodedLength] == 0)  // no certificate requests
        #expect(bytes[14 + Certificate.encodedLength] == 0)  // no requested certificate
        #expect(bytes.count == 13 + Certificate.encodedLength + 1 + 1 + 2 + SensorBroadcast.fixedLength + 64)
    }

    @Test("a digest-signed envelope is 113 bytes and decodes to what was signed")
    func digestEnvelopeRoundTrip() throws {
        let e = self.f.envelope(at: .seconds(3), withCertificate: false)
        #expect(e.bytes.count == 13 + 8 + 1 + 1 + 2 + 24 + 64)
        #expect(e.requests.isEmpty)
        let decoded = try SignedEnvelope.decode(e.bytes)
        #expect(decoded.generationTime == .seconds(3))
        #expect(decoded.signer == .digest(self.f.certificate.digest))
        let cam = try SensorBroadcast.decode(decoded.payload)
        #expect(cam.stationID == 7)
        #expect(abs(cam.x - 1234.567) < 0.0005)
        #expect(abs(cam.speed - 27.78) < 0.005)
        #expect(abs(cam.acceleration + 1.25) < 0.005)
        #expect(cam.lane == 1)
    }

    @Test("the certificate digest is the last 8 bytes of SHA-256 over the certificate")
    func certificateDigest() {
        let full = SHA256.hash(self.f.certificate.encoded).bytes
        #expect(self.f.certificate.digest.bytes == Array(full[24..<32]))
        #expect(self.f.certificate.encoded.count == 126)
    }

    /// A digest-signed CAM asking for three certificates.
    func requesting() -> SignedEnvelope {
        let requests = [HashedId3(bytes: [1, 2, 3]), HashedId3(bytes: [0xAA, 0xBB, 0xCC]), self.f.certificate.digest.hashedId3]
        return SignedEnvelope.sign(
            type: .cam, generationTime: .seconds(2), signer: .digest(self.f.certificate.digest), requests: requests,
            payload: self.f.cam.encoded(), key: self.f.key)
    }

    @Test("certificate requests sit after the signer: a count, then 3 bytes each, in order, signed with the rest")
    func requestList() throws {
        let e = self.requesting()
        let bytes = e.bytes
        #expect(bytes.count == 13 + 8 + 1 + 3 * 3 + 1 + 2 + 24 + 64)
        #expect(bytes[21] == 3)
        #expect(Array(bytes[22..<25]) == [1, 2, 3])
        #expect(Array(bytes[25..<28]) == [0xAA, 0xBB, 0xCC])
        #expect(Array(bytes[28..<31]) == Array(self.f.certificate.digest.bytes[5..<8]))
        let decoded = try SignedEnvelope.decode(bytes)
        #expect(decoded.requests == e.requests)
        // The list is signed: changing a request breaks the signature.
        var tampered = bytes
        tampered[23] ^= 1
        var v = self.f.verifier()
        let known = v.verify(self.f.envelope(at: .seconds(2)).bytes, now: .seconds(2), memo: SignatureMemo())
        #expect(known.outcome == .accepted)
        #expect(v.verify(tampered, now: .seconds(2), memo: SignatureMemo()).outcome == .rejected(.badSignature))
    }

    @Test("a request count above 16 is a decode error that names the field and its offset")
    func requestCountCap() throws {
        var bytes = self.requesting().bytes
        bytes[21] = 17
        let error = #expect(throws: DecodeError.self) { try SignedEnvelope.decode(bytes) }
        #expect(error?.field == "envelope.request_count")
        #expect(error?.offset == 21)
        #expect(error?.description == "envelope.request_count at byte 21: 17 requests exceeds 16")
        // A count that overruns the bytes is caught by the bounded reads.
        bytes[21] = 16
        #expect(throws: DecodeError.self) { try SignedEnvelope.decode(bytes) }
    }

    @Test("every truncation of a valid envelope is a decode error, never a crash")
    func truncations() {
        let answering = SignedEnvelope.sign(
            type: .cam, generationTime: .seconds(2), signer: .digest(self.f.certificate.digest),
            requests: [HashedId3(bytes: [1, 2, 3])], requestedCertificate: self.f.certificate,
            payload: self.f.cam.encoded(), key: self.f.key)
        for bytes in [self.f.envelope(at: .seconds(1)).bytes, self.requesting().bytes, answering.bytes] {
            for n in 0..<bytes.count {
                #expect(throws: DecodeError.self) { try SignedEnvelope.decode(Array(bytes.prefix(n))) }
            }
            #expect(throws: DecodeError.self) { try SignedEnvelope.decode(bytes + [0]) }
        }
    }

    @Test("version 1 and 2 envelopes (no request list, no requested certificate) are refused with a located error")
    func oldVersion() {
        for old: UInt8 in [1, 2] {
            var bytes = self.f.envelope(at: .seconds(1)).bytes
            bytes[2] = old
            let error = #expect(throws: DecodeError.self) { try SignedEnvelope.decode(bytes) }
            #expect(error?.field == "envelope.version")
            #expect(error?.description == "envelope.version at byte 2: unsupported version \(old)")
        }
    }

    @Test("random bytes are rejected with a reason code", arguments: 0..<200)
    func randomBytes(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let length = Int(rng.integer(below: 400))
        var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        if seed % 2 == 0 && bytes.count > 4 { bytes[0] = 0x56; bytes[1] = 0x32; bytes[2] = SignedEnvelope.version; bytes[3] = 1 }
        var v = self.f.verifier()
        let result = v.verify(bytes, now: .seconds(1), memo: SignatureMemo())
        #expect(result.outcome != .accepted, "seed \(seed)")
    }
}

@Suite("Hazard warning payload")
struct HazardWarningPayloadTests {
    @Test("a hazard warning round-trips at its fixed-point resolution and rejects unknown cause codes")
    func roundTrip() throws {
        let warning = HazardWarning(
            stationID: 42, hazardID: 3, cause: .stationaryVehicle, lane: 1, x: 2000.0004, y: 5.25, roadPosition: 2000,
            length: 4.5)
        let bytes = warning.encoded()
        #expect(bytes.count == HazardWarning.encodedLength)
        let decoded = try HazardWarning.decode(bytes)
        #expect(decoded.stationID == 42 && decoded.hazardID == 3 && decoded.cause == .stationaryVehicle)
        #expect(decoded.lane == 1 && decoded.x == 2000 && decoded.y == 5.25 && decoded.length == 4.5)
        var bad = bytes
        bad[6] = 99
        #expect(throws: DecodeError.self) { try HazardWarning.decode(bad) }
        #expect(throws: DecodeError.self) { try HazardWarning.decode(Array(bytes.prefix(10))) }
    }
}
