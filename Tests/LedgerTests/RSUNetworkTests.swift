import Ledger
import SimKernel
import Testing
import V2VCrypto

/// Drives an `RSUNetwork` the way the simulation does: its events on one queue, its effects
/// collected.
private struct NetworkHarness {
    var network: RSUNetwork
    var queue = EventQueue<RSUNetworkEvent>()
    var finals: [FinalBlock] = []
    var messagesSent = 0
    var viewsEntered = 0
    var faultsApplied: [(index: Int, starts: Bool)] = []

    init(n: Int, faults: [LedgerFault] = [], configure: (inout LedgerConfig) -> Void = { _ in }) throws {
        let keys = try Fixture.signingKeys(n)
        var config = LedgerConfig()
        config.blockInterval = .milliseconds(500)
        config.viewTimeout = .milliseconds(300)
        config.faults = faults
        configure(&config)
        self.network = RSUNetwork(keys: keys, committee: Fixture.committee(keys), config: config, seed: 9, revokeAfter: 2)
        self.apply(self.network.start(at: .zero))
    }

    mutating func apply(_ effects: [RSUNetworkEffect]) {
        for effect in effects {
            switch effect {
            case let .schedule(event, at): self.queue.schedule(event, at: at)
            case .messageSent: self.messagesSent += 1
            case .viewEntered: self.viewsEntered += 1
            case let .blockFinal(final): self.finals.append(final)
            case let .faultApplied(index, starts): self.faultsApplied.append((index, starts))
            }
        }
    }

    mutating func accept(_ leaf: LedgerLeaf, rsu: Int, origin: LeafOrigin?, at time: SimTime) {
        if let forward = self.network.accept(leaf, at: rsu, origin: origin, acceptedAt: time) {
            self.queue.schedule(forward.event, at: forward.at)
        }
    }

    mutating func run(until end: SimTime) {
        while let next = self.queue.nextTime, next <= end, let entry = self.queue.pop() {
            self.apply(self.network.handle(entry.payload, at: entry.time))
        }
    }

    var heights: [UInt64] { self.network.nodes.map(\.chain.height) }
}

@Suite("RSU network engine")
struct RSUNetworkTests {
    @Test("a heard message is forwarded, anchored once with its origin, and every final height is handed out once")
    func anchoring() throws {
        var h = try NetworkHarness(n: 4)
        let digest = Fixture.digest("heard")
        let origin = LeafOrigin(messageID: 17, generated: .milliseconds(100))
        h.accept(.message(digest), rsu: 2, origin: origin, at: .milliseconds(120))
        h.run(until: .seconds(3))
        #expect(h.heights.allSatisfy { $0 >= 4 }, "\(h.heights)")
        // One effect per height, in height order.
        #expect(h.finals.map(\.block.header.height) == Array(0..<UInt64(h.finals.count)))
        let anchoring = h.finals.filter { !$0.anchors.isEmpty }
        try #require(anchoring.count == 1)
        let final = anchoring[0]
        #expect(final.anchors.count == 1 && final.block.leaves.count == 1)
        #expect(final.anchors[0].leafIndex == 0 && final.anchors[0].origin == origin)
        #expect(final.block.leaves[final.anchors[0].leafIndex] == .message(digest))
        let stats = h.network.stats
        #expect(stats.leavesAnchored == 1)
        #expect(stats.anchoringLatencyTotal == final.time - origin.generated)
        #expect(stats.blocksFinal == h.finals.count)
        // Every RSU appended every height it holds, and each append was checked.
        #expect(stats.blocksChecked == h.heights.reduce(0) { $0 + Int($1) })
        #expect(h.network.safetyViolations.isEmpty)
        #expect(stats.totalDropped == 0)
    }

    @Test("a copy of a leaf that arrives after it was anchored is refused, not anchored a second time")
    func anchoredCopyRefused() throws {
        var h = try NetworkHarness(n: 4)
        let registration = LedgerLeaf.message(Fixture.digest("registration"))
        h.accept(registration, rsu: 1, origin: nil, at: .milliseconds(50))
        h.run(until: .seconds(2))
        let anchoredBefore = h.finals.flatMap(\.block.leaves).filter { $0 == registration }.count
        #expect(anchoredBefore == 1)
        // A retry reaches the same RSU and another one after the block is final everywhere.
        h.accept(registration, rsu: 1, origin: nil, at: .seconds(2))
        h.accept(registration, rsu: 3, origin: nil, at: .seconds(2))
        h.run(until: .seconds(5))
        #expect(h.finals.flatMap(\.block.leaves).filter { $0 == registration }.count == 1)
        #expect(h.network.mempools.allSatisfy { !$0.contains(registration) })
        #expect(h.network.stats.alreadyAnchoredRefused == 2)
        #expect(h.network.stats.totalDropped == 0)
    }

    @Test("a full mempool refuses leaves and the network counts them as dropped")
    func mempoolDrops() throws {
        var h = try NetworkHarness(n: 4) { $0.mempoolCapacity = 3 }
        for k in 0..<5 {
            h.accept(.message(Fixture.digest("m\(k)")), rsu: 0, origin: LeafOrigin(messageID: UInt64(k), generated: .zero), at: .zero)
        }
        // Five leaves into a pool of three at RSU 0: two refused. A message RSU 0 refused is not
        // waiting for anchoring, so it is not forwarded; the three others reach the other pools.
        h.run(until: .milliseconds(100))
        #expect(h.network.stats.mempoolDropped == 2)
        #expect(h.network.mempools.map(\.count) == [3, 3, 3, 3])
        #expect(h.network.stats.totalDropped == 2)
    }

    @Test("f + 1 colluding Byzantine RSUs finalise two blocks at one height; the check names both and the signers",
          arguments: [4, 7])
    func colludingMajorityBreaksSafety(n: Int) throws {
        let f = (n - 1) / 3
        let colluders = Array((n - f - 1)..<n)
        var h = try NetworkHarness(n: n, faults: [
            LedgerFault(kind: .byzantine, rsus: colluders, start: .zero, end: nil),
        ])
        h.run(until: .seconds(4))
        let violations = h.network.safetyViolations
        let first = try #require(violations.first, "no double finalisation: heights \(h.heights)")
        #expect(first.firstHash != first.secondHash)
        // The first conflicting height is proposed by a colluder.
        #expect(colluders.contains(Int(first.height % UInt64(n))))
        let quorum = n - f
        #expect(first.firstSigners.count >= quorum && first.secondSigners.count >= quorum)
        #expect(first.signedBoth.map { Int($0.raw) } == colluders)
        #expect(h.network.conflictingHeights.contains(first.height))
        #expect(first.description.contains("height \(first.height)") && first.description.contains(first.secondHash.hex))
        // The first block at that height is the one handed out for the trace.
        #expect(h.finals.first { $0.block.header.height == first.height }?.block.hash == first.firstHash)
    }

    @Test("f colluding Byzantine RSUs cannot break safety, and blocks keep coming", arguments: [4, 7])
    func colludingMinorityKeepsSafety(n: Int) throws {
        let f = (n - 1) / 3
        let colluders = Array((n - f)..<n)
        var h = try NetworkHarness(n: n, faults: [
            LedgerFault(kind: .byzantine, rsus: colluders, start: .zero, end: nil),
        ])
        h.run(until: .seconds(8))
        #expect(h.network.safetyViolations.isEmpty)
        #expect(h.network.conflictingHeights.isEmpty)
        #expect(h.network.minimumHeight >= 6, "\(h.heights)")
    }

    @Test("a fault starts and ends on schedule: a crashed RSU stops, then catches up")
    func crashFault() throws {
        var h = try NetworkHarness(n: 4, faults: [
            LedgerFault(kind: .crash, rsus: [1], start: .seconds(1), end: .seconds(3)),
        ])
        h.run(until: .milliseconds(2_900))
        #expect(!h.network.isUp(1))
        let stalled = h.network.nodes[1].chain.height
        #expect(h.network.nodes[0].chain.height > stalled + 2)
        h.run(until: .seconds(6))
        #expect(h.network.isUp(1))
        #expect(h.faultsApplied.map(\.index) == [0, 0] && h.faultsApplied.map(\.starts) == [true, false])
        #expect(h.network.stats.catchUpBlocks > 0)
        #expect(h.network.maximumHeight - h.network.minimumHeight <= 1, "\(h.heights)")
        #expect(h.network.safetyViolations.isEmpty)
    }

    @Test("memory stays flat: chains keep a bounded tail however many blocks become final")
    func boundedChains() throws {
        var h = try NetworkHarness(n: 4) { $0.blockInterval = .milliseconds(10) }
        let limit = RSUNetwork.retainedBlocks + RSUNetwork.retainedBlocks / 4
        h.run(until: .seconds(5))
        let height = h.network.minimumHeight
        try #require(height > UInt64(limit) + 20, "only \(height) blocks")
        for node in h.network.nodes {
            #expect(node.chain.blocks.count <= limit)
            #expect(node.chain.firstRetainedHeight + UInt64(node.chain.blocks.count) == node.chain.height)
            #expect(node.chain.block(atHeight: 0) == nil)
        }
        // Every height was still handed out exactly once, in order.
        #expect(h.finals.map(\.block.header.height) == Array(0..<UInt64(h.finals.count)))
    }
}

@Suite("Chain retention")
struct ChainRetentionTests {
    @Test("a chain with limits keeps the recent tail and forgets old leaves; heights stay absolute")
    func tail() throws {
        let keys = try Fixture.signingKeys(4)
        var chain = Chain(committee: Fixture.committee(keys), retainedBlocks: 8, indexedBlocks: 3)
        var full = Chain(committee: Fixture.committee(keys))
        for _ in 0..<40 {
            let block = Fixture.voted(Fixture.proposal(on: full), keys: keys, voters: [0, 1, 2, 3])
            try full.appendFinal(block)
            try chain.appendFinal(block)
        }
        #expect(chain.height == 40 && chain.tipHash == full.tipHash && chain.tipTimestamp == full.tipTimestamp)
        #expect(chain.blocks.count >= 8 && chain.blocks.count <= 10)
        #expect(chain.block(atHeight: 39) == full.block(atHeight: 39))
        #expect(chain.block(atHeight: chain.firstRetainedHeight) == full.block(atHeight: chain.firstRetainedHeight))
        #expect(chain.block(atHeight: chain.firstRetainedHeight - 1) == nil)
        // Height 38 has (38 * 3) % 8 = 2 leaves, height 9 has 3: only the recent one is indexed.
        let recent = try #require(full.block(atHeight: 38)?.leaves.first)
        let old = try #require(full.block(atHeight: 9)?.leaves.first)
        #expect(chain.contains(leaf: recent) && full.contains(leaf: old))
        #expect(!chain.contains(leaf: old))
        #expect(chain.inclusionProof(forLeaf: recent)?.height == 38)
    }
}
