import SimKernel
import Testing
import V2VCrypto
@testable import V2X

/// Wire format of uplink frames (message type 3) and their acknowledgements (type 4), and what an
/// RSU's verifier makes of them (docs/wire-format.md, docs/ledger.md "Uplink").
@Suite("Uplink payloads")
struct UplinkPayloadTests {
    let fixtures = Fixtures()
    let memo = SignatureMemo()

    /// A registration-like leaf: type byte 4 and a 48-byte body.
    static let leaf: [UInt8] = [4] + (0..<48).map { UInt8($0) }

    @Test("an uplink payload encodes to its documented layout and decodes back")
    func roundTrip() throws {
        let payload = UplinkPayload(leaves: [Self.leaf, [2, 9, 9]])
        let bytes = payload.encoded()
        #expect(bytes.count == 1 + (2 + 49) + (2 + 3))
        #expect(Array(bytes.prefix(4)) == [2, 49, 0, 4])
        #expect(try UplinkPayload.decode(bytes) == payload)
    }

    @Test("hostile uplink payloads are decode errors naming the field, checked before reading")
    func hostile() {
        func problem(_ bytes: [UInt8]) -> String {
            do {
                _ = try UplinkPayload.decode(bytes)
                return "decoded"
            } catch { return error.description }
        }
        #expect(problem([]) == "uplink.leaf_count at byte 0: needs 1 bytes, 0 left")
        #expect(problem([0]) == "uplink.leaf_count at byte 0: 0 leaves, expected 1 to 32")
        #expect(problem([33]) == "uplink.leaf_count at byte 0: 33 leaves, expected 1 to 32")
        #expect(problem([1, 0xFF, 0xFF]) == "uplink.leaf_length at byte 1: 65535 bytes, expected 1 to 256")
        #expect(problem([1, 5, 0, 1, 2]) == "uplink.leaf at byte 3: needs 5 bytes, 2 left")
        #expect(problem([1, 1, 0, 7, 0]) == "uplink at byte 4: 1 trailing bytes after the leaves")
    }

    @Test("an acknowledgement names the vehicle's certificate and the first 8 bytes of each leaf hash")
    func acknowledgement() throws {
        let ack = UplinkAck(vehicle: self.fixtures.certificate.digest, leafHashes: [0x0807_0605_0403_0201, 42])
        let bytes = ack.encoded()
        #expect(bytes.count == 8 + 1 + 16)
        #expect(Array(bytes[0..<8]) == self.fixtures.certificate.digest.bytes)
        #expect(Array(bytes[9..<17]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try UplinkAck.decode(bytes) == ack)
        #expect(throws: DecodeError.self) { try UplinkAck.decode(Array(bytes.dropLast())) }
        #expect(throws: DecodeError.self) { try UplinkAck.decode(Array(bytes[0..<8]) + [0]) }
    }

    private func uplink(at time: SimTime, key: SigningKey? = nil) -> SignedEnvelope {
        SignedEnvelope.sign(
            type: .uplink, generationTime: time, signer: .certificate(self.fixtures.certificate),
            payload: UplinkPayload(leaves: [Self.leaf]).encoded(), key: key ?? self.fixtures.key)
    }

    @Test("an RSU's verifier accepts a signed uplink frame; a changed byte or another key is bad_signature")
    func verification() throws {
        var verifier = self.fixtures.verifier()
        let good = self.uplink(at: .seconds(1))
        #expect(good.bytes.count == 139 + 1 + 3 + 52 + 64)  // + the requested-certificate count (wire format v3)
        #expect(verifier.verify(good.bytes, now: .seconds(1), memo: self.memo).outcome == .accepted)
        // The same frame again is a replay.
        #expect(verifier.verify(good.bytes, now: .seconds(1), memo: self.memo).outcome == .rejected(.replayed))

        var tampered = self.uplink(at: .seconds(2)).bytes
        tampered[tampered.count - 70] ^= 0x01  // a byte of the leaf, under the signature
        #expect(verifier.verify(tampered, now: .seconds(2), memo: self.memo).outcome == .rejected(.badSignature))

        let impostor = self.uplink(at: .seconds(3), key: try SigningKey(seed: [UInt8](repeating: 9, count: 32)))
        #expect(verifier.verify(impostor.bytes, now: .seconds(3), memo: self.memo).outcome == .rejected(.badSignature))
    }

    @Test("no pseudonym certificate may sign an acknowledgement (RSUs sign those with their own keys)")
    func acknowledgementNeedsRSUKey() {
        var verifier = self.fixtures.verifier()
        let forged = SignedEnvelope.sign(
            type: .uplinkAck, generationTime: .seconds(1), signer: .certificate(self.fixtures.certificate),
            payload: UplinkAck(vehicle: self.fixtures.certificate.digest, leafHashes: [1]).encoded(), key: self.fixtures.key)
        #expect(forged.bytes.count == 21 - 8 + 126 + 1 + 3 + 17 + 64)
        #expect(verifier.verify(forged.bytes, now: .seconds(1), memo: self.memo).outcome == .rejected(.badCertificate))
    }
}
