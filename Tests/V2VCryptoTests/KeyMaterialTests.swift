import Foundation
import Testing
import V2VCrypto

/// A fixed, recognisable seed: 0x00, 0x01, … 0x1f.
let countingSeed: [UInt8] = (0..<32).map { UInt8($0) }

@Suite("Key, signature and hex handling")
struct KeyMaterialTests {
    @Test("A seed must be 32 bytes", arguments: [0, 1, 31, 33, 64])
    func seedLength(_ length: Int) {
        let error = #expect(throws: CryptoError.self) { try SigningKey(seed: [UInt8](repeating: 7, count: length)) }
        #expect(error == .invalidLength(what: "Ed25519 seed", expected: 32, actual: length))
    }

    @Test("A public key must be 32 bytes", arguments: [0, 31, 33, 64])
    func publicKeyLength(_ length: Int) {
        let error = #expect(throws: CryptoError.self) { try VerifyingKey(bytes: [UInt8](repeating: 7, count: length)) }
        #expect(error == .invalidLength(what: "Ed25519 public key", expected: 32, actual: length))
    }

    @Test("A signature must be 64 bytes", arguments: [0, 32, 63, 65, 128])
    func signatureLength(_ length: Int) {
        let error = #expect(throws: CryptoError.self) { try Signature(bytes: [UInt8](repeating: 7, count: length)) }
        #expect(error == .invalidLength(what: "Ed25519 signature", expected: 64, actual: length))
    }

    @Test("Raw signature bytes of the wrong length are simply invalid", arguments: [0, 1, 63, 65, 128])
    func rawSignatureLength(_ length: Int) throws {
        let key = try SigningKey(seed: countingSeed)
        let message = Array("hello".utf8)
        let good = key.signature(for: message).bytes
        // Truncated or padded versions of a good signature, so only the length is wrong.
        let bytes = length <= 64 ? Array(good[..<length]) : good + [UInt8](repeating: 0, count: length - 64)
        #expect(!key.verifyingKey.isValidSignature(bytes: bytes, for: message))
        #expect(key.verifyingKey.isValidSignature(bytes: good, for: message))
    }

    @Test("The same seed gives the same key and the same signature")
    func determinism() throws {
        let message = Array("v2v.sensor.v1 determinism".utf8)
        let first = try SigningKey(seed: countingSeed)
        let second = try SigningKey(seed: countingSeed)
        #expect(first.verifyingKey == second.verifyingKey)
        #expect(first.signature(for: message) == second.signature(for: message))
        #expect(first.signature(for: message) == first.signature(for: message))

        var otherSeed = countingSeed
        otherSeed[31] ^= 1
        let other = try SigningKey(seed: otherSeed)
        #expect(other.verifyingKey != first.verifyingKey)
        #expect(!other.verifyingKey.isValidSignature(first.signature(for: message), for: message))
    }

    @Test("Random keys differ from each other and sign verifiably")
    func randomKeys() {
        let a = SigningKey.random()
        let b = SigningKey.random()
        #expect(a.verifyingKey != b.verifyingKey)
        let message = Array("random".utf8)
        #expect(a.verifyingKey.isValidSignature(a.signature(for: message), for: message))
        #expect(!b.verifyingKey.isValidSignature(a.signature(for: message), for: message))
    }

    @Test("Signing and verifying read exactly the bytes of arrays, slices and contiguous arrays")
    func messageContainers() throws {
        let key = try SigningKey(seed: countingSeed)
        let padded = Array("..payload..".utf8)
        let slice = padded[2..<9]
        let array = Array(slice)
        let signature = key.signature(for: array)
        #expect(key.signature(for: slice) == signature)
        #expect(key.signature(for: ContiguousArray(slice)) == signature)
        #expect(key.verifyingKey.isValidSignature(signature, for: slice))
        #expect(!key.verifyingKey.isValidSignature(signature, for: padded))
        // The empty slice of a non-empty array is the empty message.
        #expect(key.signature(for: padded[3..<3]) == key.signature(for: [UInt8]()))
    }

    @Test("Printing, interpolating, reflecting or dumping a signing key never shows the secret")
    func secretStaysHidden() throws {
        let key = try SigningKey(seed: countingSeed)
        let seedHex = Hex.encode(countingSeed)
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, "\(key)", String(describing: key), String(reflecting: key), dumped] {
            #expect(!text.contains(seedHex), "secret seed visible in: \(text.prefix(120))")
            #expect(!text.contains("secret"), "secret storage visible in: \(text.prefix(120))")
        }
        // dump prints arrays one element a line: the seed must not appear as 0, 1, 2, … 31.
        let dumpedNumbers = dumped.split(separator: "\n").compactMap { line in
            Int(line.drop { $0 == " " || $0 == "-" }) }
        let seedNumbers = countingSeed.map(Int.init)
        let windows = dumpedNumbers.count >= 32 ? Array(0...(dumpedNumbers.count - 32)) : []
        #expect(!windows.contains { Array(dumpedNumbers[$0..<($0 + 32)]) == seedNumbers }, "seed visible in dump")
        #expect(!Self.reflectsBytes(countingSeed, in: Mirror(reflecting: key)))
        #expect(key.description.contains(key.verifyingKey.hex))
        #expect(dumped.contains(key.verifyingKey.hex))
    }

    /// Whether any byte array reachable through `mirror` starts with `secret`.
    static func reflectsBytes(_ secret: [UInt8], in mirror: Mirror) -> Bool {
        mirror.children.contains { child in
            if let bytes = child.value as? [UInt8], bytes.starts(with: secret) { return true }
            return reflectsBytes(secret, in: Mirror(reflecting: child.value))
        }
    }

    @Test("A public key encodes as a JSON hex string and decodes back")
    func verifyingKeyCodable() throws {
        let key = try SigningKey(seed: countingSeed).verifyingKey
        let json = try JSONEncoder().encode([key])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(key.hex)\"]")
        #expect(try JSONDecoder().decode([VerifyingKey].self, from: json) == [key])
        for bad in ["[\"abcd\"]", "[\"zz\"]", "[12]"] {
            #expect(throws: (any Error).self, "\(bad)") {
                try JSONDecoder().decode([VerifyingKey].self, from: Data(bad.utf8))
            }
        }
    }

    @Test("Hex round-trips every byte value, reads upper case and writes lower case")
    func hexRoundTrip() throws {
        let all = (0...255).map { UInt8($0) }
        let text = Hex.encode(all)
        #expect(text.count == 512)
        #expect(text.hasPrefix("000102") && text.hasSuffix("fdfeff"))
        #expect(try Hex.decode(text) == all)
        #expect(try Hex.decode(text.uppercased()) == all)
        #expect(try Hex.decode("") == [])
        #expect(Hex.encode([UInt8]()) == "")
        #expect(try Hex.decode("DeadBeef") == [0xDE, 0xAD, 0xBE, 0xEF])
    }

    @Test("Bad hex is rejected", arguments: ["0", "abc", "0g", "g0", " 00", "00 ", "0x00", "é", "é0", "--", "1\u{0}"])
    func badHex(_ text: String) {
        let error = #expect(throws: CryptoError.self) { try Hex.decode(text) }
        #expect(error == .invalidHex(text))
    }
}
