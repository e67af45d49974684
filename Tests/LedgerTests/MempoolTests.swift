import Ledger
import Testing
import V2VCrypto

@Suite("Mempool")
struct MempoolTests {
    static func d(_ i: Int) -> Digest { Fixture.digest("m\(i)") }

    @Test("digests come out first in, first out")
    func fifo() {
        var pool = Mempool<Digest>(capacity: 10)
        for i in 0..<6 { #expect(pool.add(MempoolTests.d(i)) == true) }
        #expect(pool.count == 6)
        #expect(pool.take(max: 4) == (0..<4).map(MempoolTests.d))
        #expect(pool.add(MempoolTests.d(6)) == true)
        #expect(pool.take(max: 10) == [4, 5, 6].map(MempoolTests.d))
        #expect(pool.take(max: 3) == [])
        #expect(pool.take(max: 0) == [])
        #expect(pool.count == 0)
    }

    @Test("a pending duplicate is refused and does not count as a drop")
    func dedup() {
        var pool = Mempool<Digest>(capacity: 10)
        #expect(pool.add(MempoolTests.d(1)) == true)
        #expect(pool.add(MempoolTests.d(1)) == false)
        #expect(pool.add(MempoolTests.d(2)) == true)
        #expect(pool.add(MempoolTests.d(2)) == false)
        #expect(pool.count == 2)
        #expect(pool.duplicates == 2)
        #expect(pool.dropped == 0)
        #expect(pool.take(max: 5) == [MempoolTests.d(1), MempoolTests.d(2)])
        // Once taken, the digest is no longer pending and may come back.
        #expect(pool.add(MempoolTests.d(1)) == true)
    }

    @Test("a full pool drops new digests and counts them")
    func capacity() {
        var pool = Mempool<Digest>(capacity: 3)
        for i in 0..<5 { pool.add(MempoolTests.d(i)) }
        #expect(pool.count == 3)
        #expect(pool.dropped == 2)
        #expect(pool.add(MempoolTests.d(0)) == false, "a duplicate of a pending digest")
        #expect(pool.dropped == 2)
        #expect(pool.take(max: 1) == [MempoolTests.d(0)])
        #expect(pool.add(MempoolTests.d(9)) == true)
        #expect(pool.take(max: 9) == [1, 2, 9].map(MempoolTests.d))

        var none = Mempool<Digest>(capacity: 0)
        #expect(none.add(MempoolTests.d(0)) == false)
        #expect(none.dropped == 1)
    }

    @Test("discarding anchored digests keeps the others in order")
    func discard() {
        var pool = Mempool<Digest>(capacity: 10)
        for i in 0..<6 { pool.add(MempoolTests.d(i)) }
        pool.discard([MempoolTests.d(1), MempoolTests.d(4), MempoolTests.d(99)])
        #expect(pool.count == 4)
        #expect(!pool.contains(MempoolTests.d(1)))
        #expect(pool.add(MempoolTests.d(1)) == true, "re-added after the discard, so now last")
        #expect(pool.take(max: 10) == [0, 2, 3, 5, 1].map(MempoolTests.d))
    }

    @Test("a long seeded run matches a plain array model")
    func model() {
        var pool = Mempool<Digest>(capacity: 50)
        var model: [Digest] = []
        var dropped = 0
        var state: UInt64 = 0x1234_5678
        for step in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int(state >> 33)
            if r % 3 == 0 {
                let n = r % 7
                let expected = Array(model.prefix(n))
                model.removeFirst(expected.count)
                #expect(pool.take(max: n) == expected, "step \(step)")
            } else {
                let digest = MempoolTests.d(r % 200)
                let accepted = !model.contains(digest) && model.count < 50
                if accepted { model.append(digest) } else if !model.contains(digest) { dropped += 1 }
                #expect(pool.add(digest) == accepted, "step \(step)")
            }
            #expect(pool.count == model.count, "step \(step)")
        }
        #expect(pool.dropped == dropped)
    }
}
