import Testing
import V2VCrypto

@Suite("SHA-256 known answers (FIPS 180-4)")
struct SHA256Tests {
    static let emptyHex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let abcHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test("SHA-256 of the empty string")
    func empty() {
        #expect(SHA256.hash([UInt8]()).hex == Self.emptyHex)
        #expect(Digest.ofEmpty.hex == Self.emptyHex)
        #expect(SHA256.hash(concatenating: []).hex == Self.emptyHex)
        #expect(SHA256.hash(concatenating: [[], []]).hex == Self.emptyHex)
    }

    @Test("SHA-256 of \"abc\"")
    func abc() {
        #expect(SHA256.hash(Array("abc".utf8)).hex == Self.abcHex)
    }

    @Test("Hashing parts equals hashing their concatenation, whatever the split")
    func concatenation() {
        let text = Array("abc".utf8)
        #expect(SHA256.hash(concatenating: [[0x61], [0x62, 0x63]]).hex == Self.abcHex)
        #expect(SHA256.hash(concatenating: [[], text, []]).hex == Self.abcHex)
        let long = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for cut in [0, 1, 63, 64, 65, 299, 300] {
            #expect(SHA256.hash(concatenating: [Array(long[..<cut]), Array(long[cut...])]) == SHA256.hash(long))
        }
    }

    @Test("Slices and contiguous arrays hash their own bytes only")
    func containers() {
        let padded = Array("xxabcxx".utf8)
        #expect(SHA256.hash(padded[2..<5]).hex == Self.abcHex)
        #expect(SHA256.hash(ContiguousArray("abc".utf8)).hex == Self.abcHex)
        #expect(SHA256.hash(padded[3..<3]).hex == Self.emptyHex)
    }

    @Test("A digest must be exactly 32 bytes")
    func digestLength() throws {
        let digest = try Digest(bytes: Hex.decode(Self.abcHex))
        #expect(digest == SHA256.hash(Array("abc".utf8)))
        #expect(digest.last8 == Array(digest.bytes[24...]))
        #expect(digest.description == Self.abcHex)
        for length in [0, 31, 33, 64] {
            let error = #expect(throws: CryptoError.self) { try Digest(bytes: [UInt8](repeating: 0, count: length)) }
            #expect(error == .invalidLength(what: "SHA-256 digest", expected: 32, actual: length))
        }
    }
}
