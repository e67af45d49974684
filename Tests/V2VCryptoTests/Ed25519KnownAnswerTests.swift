import Testing
import V2VCrypto

/// One Ed25519 known-answer vector: secret key seed, public key, message, signature (all hex).
struct Ed25519Vector: Sendable, CustomTestStringConvertible {
    let name: String
    let seed: String
    let publicKey: String
    let message: String
    let signature: String

    var testDescription: String { self.name }
}

/// RFC 8032 §7.1, TEST 1 to TEST 3, typed in from the RFC text.
let rfc8032Vectors: [Ed25519Vector] = [
    Ed25519Vector(
        name: "RFC 8032 TEST 1 (empty message)",
        seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        message: "",
        signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
            + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    ),
    Ed25519Vector(
        name: "RFC 8032 TEST 2 (1-octet message)",
        seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        message: "72",
        signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e"
            + "458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
    ),
    Ed25519Vector(
        name: "RFC 8032 TEST 3 (2-octet message)",
        seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        message: "af82",
        signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290"
            + "ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
    ),
]

/// `bytes` with bit `bit` inverted (bit 0 is the least significant bit of byte 0).
func flippingBit(_ bit: Int, of bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    out[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
    return out
}

@Suite("Ed25519 known answers (RFC 8032 §7.1)")
struct Ed25519KnownAnswerTests {
    @Test("The key pair derived from the seed has the RFC's public key", arguments: rfc8032Vectors)
    func publicKeyFromSeed(_ vector: Ed25519Vector) throws {
        let key = try SigningKey(seed: Hex.decode(vector.seed))
        #expect(key.verifyingKey.hex == vector.publicKey)
        #expect(key.verifyingKey == (try VerifyingKey(bytes: Hex.decode(vector.publicKey))))
    }

    @Test("Signing gives exactly the RFC's signature", arguments: rfc8032Vectors)
    func exactSignature(_ vector: Ed25519Vector) throws {
        let key = try SigningKey(seed: Hex.decode(vector.seed))
        let signature = key.signature(for: try Hex.decode(vector.message))
        #expect(signature.hex == vector.signature)
    }

    @Test("The RFC's signature verifies under the RFC's public key", arguments: rfc8032Vectors)
    func verifies(_ vector: Ed25519Vector) throws {
        let publicKey = try VerifyingKey(bytes: Hex.decode(vector.publicKey))
        let message = try Hex.decode(vector.message)
        let signature = try Signature(bytes: Hex.decode(vector.signature))
        #expect(publicKey.isValidSignature(signature, for: message))
        #expect(publicKey.isValidSignature(bytes: signature.bytes, for: message))
    }

    @Test("Flipping any one bit of the signature makes verification fail", arguments: rfc8032Vectors)
    func signatureBitFlips(_ vector: Ed25519Vector) throws {
        let publicKey = try VerifyingKey(bytes: Hex.decode(vector.publicKey))
        let message = try Hex.decode(vector.message)
        let signature = try Hex.decode(vector.signature)
        for bit in 0..<(signature.count * 8) {
            let tampered = try Signature(bytes: flippingBit(bit, of: signature))
            #expect(!publicKey.isValidSignature(tampered, for: message), "signature bit \(bit) flipped")
        }
    }

    @Test("Flipping any one bit of the message, or appending a byte, makes verification fail",
          arguments: rfc8032Vectors)
    func messageBitFlips(_ vector: Ed25519Vector) throws {
        let publicKey = try VerifyingKey(bytes: Hex.decode(vector.publicKey))
        let message = try Hex.decode(vector.message)
        let signature = try Signature(bytes: Hex.decode(vector.signature))
        for bit in 0..<(message.count * 8) {
            #expect(!publicKey.isValidSignature(signature, for: flippingBit(bit, of: message)), "message bit \(bit)")
        }
        // TEST 1 signs the empty message, which has no bit to flip: a longer message must fail too.
        #expect(!publicKey.isValidSignature(signature, for: message + [0x00]))
        #expect(!publicKey.isValidSignature(signature, for: message + [0x01]))
    }

    @Test("Flipping any one bit of the public key makes verification fail", arguments: rfc8032Vectors)
    func publicKeyBitFlips(_ vector: Ed25519Vector) throws {
        let publicKey = try Hex.decode(vector.publicKey)
        let message = try Hex.decode(vector.message)
        let signature = try Signature(bytes: Hex.decode(vector.signature))
        for bit in 0..<(publicKey.count * 8) {
            let tampered = try VerifyingKey(bytes: flippingBit(bit, of: publicKey))
            #expect(!tampered.isValidSignature(signature, for: message), "public key bit \(bit) flipped")
        }
    }
}
