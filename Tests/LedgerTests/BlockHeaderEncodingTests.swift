import Ledger
import SimKernel
import Testing
import V2VCrypto

@Suite("Block header encoding")
struct BlockHeaderEncodingTests {
    static let sample = BlockHeader(
        height: 0x0102_0304_0506_0708,
        previousHash: Fixture.digest("previous"),
        merkleRoot: Fixture.digest("root"),
        timestamp: SimTime(nanoseconds: -2),
        proposer: RSUID(raw: 0xA0B0_C0D0),
        leafCount: 0x1122_3344
    )

    @Test("the layout is 101 bytes at documented offsets, little-endian")
    func layout() {
        let header = BlockHeaderEncodingTests.sample
        let bytes = header.encoded()
        #expect(bytes.count == 101)
        #expect(BlockHeader.encodedCount == 101)
        #expect(Array(bytes[0..<12]) == Array("v2v.block.v1".utf8))
        #expect(bytes[12] == 1)
        #expect(Array(bytes[13..<21]) == [0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01])
        #expect(Array(bytes[21..<53]) == header.previousHash.bytes)
        #expect(Array(bytes[53..<85]) == header.merkleRoot.bytes)
        #expect(Array(bytes[85..<93]) == [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(Array(bytes[93..<97]) == [0xD0, 0xC0, 0xB0, 0xA0])
        #expect(Array(bytes[97..<101]) == [0x44, 0x33, 0x22, 0x11])
        #expect(header.hash == SHA256.hash(bytes))
    }

    @Test("decode inverts encode")
    func roundTrip() throws {
        let headers = [
            BlockHeaderEncodingTests.sample,
            BlockHeader(
                height: 0,
                previousHash: Chain.genesisPreviousHash,
                merkleRoot: Digest.ofEmpty,
                timestamp: .zero,
                proposer: RSUID(raw: 0),
                leafCount: 0
            ),
            BlockHeader(
                height: .max,
                previousHash: Fixture.digest("a"),
                merkleRoot: Fixture.digest("b"),
                timestamp: .never,
                proposer: RSUID(raw: .max),
                leafCount: .max
            ),
        ]
        for header in headers {
            #expect(try BlockHeader.decode(header.encoded()) == header)
        }
    }

    @Test("the hash of a fixed header never changes")
    func knownHash() {
        // Pins the layout: any change to the encoding changes every block hash and must be a new
        // version. The expected value was computed independently of this code, with Python's
        // hashlib and struct.pack("<Q"/"<q"/"<I") over the layout in docs/ledger.md.
        #expect(
            BlockHeaderEncodingTests.sample.hash.hex
                == "82d0c0f1e9fdf081090de5d04f82f0eda23314684cc25c97b475316bb617e3e2"
        )
    }

    @Test("decode refuses a wrong length, prefix or version")
    func decodeErrors() {
        let bytes = BlockHeaderEncodingTests.sample.encoded()
        #expect(throws: LedgerError.malformedHeader("expected 101 bytes, got 100")) {
            try BlockHeader.decode(Array(bytes.dropLast()))
        }
        #expect(throws: LedgerError.malformedHeader("expected 101 bytes, got 102")) {
            try BlockHeader.decode(bytes + [0])
        }
        var badPrefix = bytes
        badPrefix[3] ^= 0x01
        #expect(throws: LedgerError.malformedHeader("missing the 'v2v.block.v1' prefix")) {
            try BlockHeader.decode(badPrefix)
        }
        var badVersion = bytes
        badVersion[12] = 2
        #expect(throws: LedgerError.unsupportedVersion(2)) { try BlockHeader.decode(badVersion) }
    }
}
