import Ledger
import SimKernel
import Testing
import V2VCrypto

/// A tiny deterministic network for consensus nodes: fixed latency, optional silent or crashed
/// members and partitions, events in (time, insertion) order.
private struct TestNetwork {
    enum Event {
        case deliver(ConsensusMessage, from: RSUID, to: RSUID)
        case timer(ConsensusTimer, node: RSUID)
    }

    var nodes: [ConsensusNode]
    var mempools: [LeafPool]
    var queue = EventQueue<Event>()
    var latency: SimTime = .milliseconds(5)
    /// Members that neither send nor receive (crashed).
    var down: Set<RSUID> = []
    /// Members in different groups cannot reach each other.
    var group: [RSUID: Int] = [:]
    /// Hash of the first final block seen at each height, and conflicts found.
    var finalHashes: [UInt64: Digest] = [:]
    var conflicts = 0
    var equivocations = 0

    init(n: Int, equivocator: RSUID? = nil, revocationThreshold: Int? = nil) throws {
        let keys = try Fixture.signingKeys(n)
        let committee = Fixture.committee(keys)
        let settings = ConsensusSettings(
            blockInterval: .milliseconds(500), viewTimeout: .milliseconds(300), maxLeavesPerBlock: 100,
            revocationThreshold: revocationThreshold)
        self.nodes = (0..<n).map { i in
            ConsensusNode(id: RSUID(raw: UInt32(i)), key: keys[i], committee: committee, settings: settings)
        }
        if let equivocator { self.nodes[Int(equivocator.raw)].equivocates = true }
        self.mempools = (0..<n).map { _ in LeafPool(capacity: 1_000) }
        for i in 0..<n {
            let out = self.nodes[i].start(at: .zero)
            self.apply(out, from: RSUID(raw: UInt32(i)), now: .zero)
        }
    }

    mutating func apply(_ outputs: [ConsensusOutput], from: RSUID, now: SimTime) {
        for output in outputs {
            switch output {
            case let .send(message, to):
                self.queue.schedule(.deliver(message, from: from, to: to), at: now + self.latency)
            case let .broadcast(message):
                for member in self.nodes.map(\.id) where member != from {
                    self.queue.schedule(.deliver(message, from: from, to: member), at: now + self.latency)
                }
            case let .timer(timer, at):
                self.queue.schedule(.timer(timer, node: from), at: at)
            case let .finalised(block, _):
                if let known = self.finalHashes[block.header.height] {
                    if known != block.hash { self.conflicts += 1 }
                } else {
                    self.finalHashes[block.header.height] = block.hash
                }
            case .equivocation:
                self.equivocations += 1
            case .viewChanged:
                break
            }
        }
    }

    func reachable(_ a: RSUID, _ b: RSUID) -> Bool {
        !self.down.contains(a) && !self.down.contains(b) && self.group[a, default: 0] == self.group[b, default: 0]
    }

    mutating func run(until end: SimTime) {
        while let next = self.queue.nextTime, next <= end, let entry = self.queue.pop() {
            switch entry.payload {
            case let .deliver(message, from, to):
                guard self.reachable(from, to) else { continue }
                let i = Int(to.raw)
                let out = self.nodes[i].handle(message, from: from, at: entry.time, mempool: &self.mempools[i])
                self.apply(out, from: to, now: entry.time)
            case let .timer(timer, node):
                guard !self.down.contains(node) else { continue }
                let i = Int(node.raw)
                let out = self.nodes[i].timerFired(timer, at: entry.time, mempool: &self.mempools[i])
                self.apply(out, from: node, now: entry.time)
            }
        }
    }

    mutating func recover(_ rsu: RSUID, at now: SimTime) {
        self.down.remove(rsu)
        let out = self.nodes[Int(rsu.raw)].recover(at: now)
        self.apply(out, from: rsu, now: now)
    }

    var heights: [UInt64] { self.nodes.map(\.chain.height) }
    var viewChanges: Int { self.nodes.reduce(0) { $0 + $1.viewChangesStarted } }
}

@Suite("Consensus among RSUs")
struct ConsensusTests {
    @Test("four honest RSUs finalise a block every interval and agree")
    func honestRun() throws {
        var net = try TestNetwork(n: 4)
        net.mempools[0].add(.message(Fixture.digest("a")))
        net.run(until: .seconds(5))
        #expect(net.heights.allSatisfy { $0 >= 9 })
        #expect(net.conflicts == 0)
        #expect(net.viewChanges == 0)
        #expect(net.nodes[0].chain.blocks.flatMap(\.leaves).contains(.message(Fixture.digest("a"))))
        let audit = ChainAuditor.audit(net.nodes[2].chain.blocks, committee: net.nodes[2].committee)
        #expect(audit.isValid, "\(audit)")
    }

    @Test("reports on the chain make every member propose the same revocation; a bogus one never becomes final")
    func revocations() throws {
        var net = try TestNetwork(n: 4, revocationThreshold: 2)
        for reporter in [UInt64(1), 2] {
            net.mempools[1].add(.report(ReportLeaf(
                reporter: reporter, suspect: 77, check: 0, time: .zero, evidence: Fixture.digest("e\(reporter)"))))
        }
        // Proposer of height 0 (view 0) slips in a revocation no report justifies.
        let bogus = LedgerLeaf.revocation(RevocationLeaf(certificate: 66, basisHeight: 0, reporters: [1, 2]))
        net.mempools[0].add(bogus)
        net.run(until: .seconds(6))
        #expect(net.conflicts == 0)
        #expect(net.viewChanges > 0)
        #expect(net.heights.allSatisfy { $0 >= 5 })
        for node in net.nodes {
            let leaves = node.chain.blocks.flatMap(\.leaves)
            #expect(!leaves.contains(bogus))
            let revocations = leaves.filter { $0.kind == .revocation }
            #expect(revocations.count == 1)
            let audit = ChainAuditor.audit(node.chain.blocks, committee: node.committee, revocationThreshold: 2)
            #expect(audit.isValid, "\(audit)")
        }
    }

    @Test(
        "after one refused proposal an honest proposer drops the bogus revocation; a Byzantine one keeps being refused",
        arguments: [false, true])
    func refusedRevocationIsDropped(byzantine: Bool) throws {
        var net = try TestNetwork(n: 4, revocationThreshold: 2)
        net.nodes[0].keepsRefusedRevocations = byzantine
        let bogus = LedgerLeaf.revocation(RevocationLeaf(certificate: 66, basisHeight: 0, reporters: [1, 2]))
        net.mempools[0].add(bogus)
        net.run(until: .seconds(6))
        #expect(net.conflicts == 0)
        #expect(net.heights.allSatisfy { $0 >= 5 }, "\(net.heights)")
        // Height 0 view 0 is node 0's refused proposal; its next turn is height 4, view 0.
        let blocks = net.nodes[1].chain.blocks
        try #require(blocks.count > 4)
        let byNode0 = blocks.filter { $0.header.proposer == RSUID(raw: 0) }
        if byzantine {
            #expect(byNode0.isEmpty)
            #expect(net.nodes[0].viewChangesStarted >= 2)
        } else {
            #expect(blocks[4].header.proposer == RSUID(raw: 0) && blocks[4].view == 0)
            #expect(net.nodes[0].viewChangesStarted == 1)
        }
        for node in net.nodes { #expect(!node.chain.blocks.flatMap(\.leaves).contains(bogus)) }
    }

    @Test("a crashed proposer is replaced by a view change, and catches up after recovery")
    func crashAndRecovery() throws {
        var net = try TestNetwork(n: 4)
        net.down = [RSUID(raw: 1)]
        net.run(until: .seconds(4))
        #expect(net.viewChanges > 0)
        #expect(net.nodes[0].chain.height >= 3, "liveness with one member down: \(net.heights)")
        #expect(net.nodes[1].chain.height == 0)
        net.recover(RSUID(raw: 1), at: .seconds(4))
        net.run(until: .seconds(8))
        #expect(net.conflicts == 0)
        #expect(net.nodes[1].chain.height + 2 >= net.nodes[0].chain.height, "caught up: \(net.heights)")
        let audit = ChainAuditor.audit(net.nodes[1].chain.blocks, committee: net.nodes[1].committee)
        #expect(audit.isValid, "\(audit)")
    }

    @Test("leaves of a proposal overtaken by catch-up go back to the pool and still reach the chain")
    func proposalOvertakenByCatchUp() throws {
        // Node 0 proposes height 0 in view 0. Down from the start, it misses the run; on recovery
        // its propose timer fires before the sync response arrives, so it proposes a block at a
        // height the others finalised long ago, and catch-up then moves it past that height. The
        // leaf only it held must not vanish with that proposal.
        var net = try TestNetwork(n: 4)
        let onlyHere = LedgerLeaf.message(SHA256.hash(Array("held by one RSU only".utf8)))
        let added = net.mempools[0].add(onlyHere)
        #expect(added)
        net.down = [RSUID(raw: 0)]
        net.run(until: .seconds(4))
        #expect(net.nodes[1].chain.height >= 3)
        net.recover(RSUID(raw: 0), at: .seconds(4))
        net.run(until: .seconds(10))
        #expect(net.conflicts == 0)
        let anchored = net.nodes[1].chain.blocks.contains { $0.leaves.contains(onlyHere) }
        #expect(anchored, "leaf lost; node 0 pool holds it: \(net.mempools[0].contains(onlyHere))")
    }

    @Test("an equivocating proposer is detected, safety holds and blocks keep coming")
    func equivocation() throws {
        var net = try TestNetwork(n: 4, equivocator: RSUID(raw: 1))
        net.run(until: .seconds(6))
        #expect(net.equivocations > 0)
        #expect(net.conflicts == 0)
        #expect(net.viewChanges > 0)
        #expect(net.heights.allSatisfy { $0 >= 5 }, "\(net.heights)")
    }

    @Test("a 2-2 partition stops finality without breaking safety; liveness returns after the heal")
    func partitionAndHeal() throws {
        var net = try TestNetwork(n: 4)
        net.run(until: .seconds(2))
        let before = net.heights.max() ?? 0
        net.group = [RSUID(raw: 2): 1, RSUID(raw: 3): 1]
        net.run(until: .seconds(5))
        #expect((net.heights.max() ?? 0) <= before + 1)
        net.group = [:]
        net.run(until: .seconds(12))
        #expect(net.conflicts == 0)
        #expect(net.heights.allSatisfy { $0 >= before + 3 }, "liveness after heal: \(net.heights)")
    }

    @Test("a 3-1 partition: the majority goes on, the minority catches up after the heal")
    func minorityPartition() throws {
        var net = try TestNetwork(n: 4)
        net.group = [RSUID(raw: 3): 1]
        net.run(until: .seconds(4))
        #expect(net.nodes[0].chain.height >= 4)
        #expect(net.nodes[3].chain.height == 0)
        net.group = [:]
        net.run(until: .seconds(8))
        #expect(net.conflicts == 0)
        #expect(net.nodes[3].chain.height + 2 >= net.nodes[0].chain.height, "\(net.heights)")
    }
}
