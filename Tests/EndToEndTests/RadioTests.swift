import Scenario
import Testing
import V2VSim
import V2VTestSupport

@Suite("Physical radio in a run")
struct RadioTests {
    func run(_ overrides: [String]) throws -> RunSummary {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("quick.yaml"), overrides: ["duration=2s", "radio.model=two-ray"] + overrides)
        return try Simulation(scenario: scenario).run(recorder: nil)
    }

    @Test("the delivery ratio falls with distance: near 1 close by, near 0 far beyond the nominal range")
    func pdrFalls() throws {
        let s = try self.run([])
        let radio = try #require(s.radio)
        let bins = radio.bins.filter { $0.attempts >= 200 }
        let ratios = bins.compactMap(\.ratio)
        #expect(ratios.count >= 8)
        #expect(ratios.first! > 0.97, "\(ratios)")
        // Averaged over 200 m, every stretch delivers less than the one before it.
        var averages: [Double] = []
        for start in stride(from: 0, to: radio.bins.count - 3, by: 4) {
            let group = radio.bins[start..<start + 4]
            let attempts = group.reduce(0) { $0 + $1.attempts }
            guard attempts >= 500 else { continue }
            averages.append(Double(group.reduce(0) { $0 + $1.delivered }) / Double(attempts))
        }
        #expect(averages.count >= 4)
        for (a, b) in zip(averages, averages.dropFirst()) { #expect(b < a, "\(averages)") }
        let far = radio.bins.filter { $0.fromMeters >= radio.nominalRange * 1.4 && $0.attempts > 0 }
        for bin in far { #expect((bin.ratio ?? 0) < 0.1, "\(bin)") }
    }

    @Test("without fading the channel is a clean threshold at the nominal range")
    func noFading() throws {
        let s = try self.run(["radio.fading=none"])
        let radio = try #require(s.radio)
        for bin in radio.bins where bin.attempts > 0 {
            if bin.toMeters < radio.nominalRange - 1 {
                // Only collisions and half duplex lose frames inside the range.
                #expect((bin.ratio ?? 0) > 0.9, "\(bin)")
            } else if bin.fromMeters > radio.nominalRange {
                #expect(bin.delivered == 0, "\(bin)")
            }
        }
    }

    @Test("dense, fast beaconing fills the channel: higher CBR, longer channel access, collisions")
    func congestion() throws {
        let light = try self.run([])
        let heavy = try self.run(["duration=1s", "beacons.rate=40Hz", "beacons.extra_payload=400B", "traffic[0].count=60"])
        let l = try #require(light.radio)
        let h = try #require(heavy.radio)
        #expect(h.cbrMean! > 3 * l.cbrMean!, "CBR \(l.cbrMean!) → \(h.cbrMean!)")
        #expect(h.outcomes.contains { $0.outcome == "collision" && $0.count > 0 })
        let access = { (s: RunSummary) in s.stages.first { $0.stage == "channel_access" }!.p95 }
        #expect(access(heavy) > access(light))
    }

    @Test("reactive DCC stretches beacon intervals on a busy channel: fewer messages, lower CBR")
    func dcc() throws {
        let busy = ["duration=1s", "beacons.rate=10Hz", "beacons.extra_payload=1200B", "traffic[0].count=60"]
        let off = try self.run(busy)
        let on = try self.run(busy + ["radio.dcc=reactive"])
        let r = try #require(on.radio)
        #expect(off.radio!.cbrMean! > 0.2, "the channel must be busy enough to matter: \(off.radio!.cbrMean!)")
        #expect(on.messagesSent < off.messagesSent * 9 / 10, "\(on.messagesSent) vs \(off.messagesSent)")
        #expect(r.cbrMean! < off.radio!.cbrMean!)
        #expect(r.dccStates.count == 5 && r.dccStates[0].share < 1)
        #expect(off.radio!.dccStates.isEmpty)
    }

    @Test("latency stages add up to the total, and channel access is never below AIFS")
    func stages() throws {
        let s = try self.run([])
        let stage = { (name: String) in s.stages.first { $0.stage == name }! }
        // Best effort: AIFS = 32 + 6·13 = 110 µs.
        #expect(stage("channel_access").p50 >= 0.110)
        #expect(stage("signing").max == 0.050)
        #expect(stage("verification").max == 0.120)
        #expect(stage("total").count == stage("airtime").count)
    }

    @Test("two runs with the physical channel give the same event digest")
    func deterministic() throws {
        #expect(try self.run([]).eventDigest == (try self.run([])).eventDigest)
    }
}

@Suite("Verification queue in a run")
struct VerificationQueueRunTests {
    @Test("a slow processor with a short queue drops receptions as queue_overflow, and says so")
    func overflowIsRecorded() throws {
        let scenario = try ScenarioLoader.load(
            path: TestPaths.scenario("quick.yaml"),
            // Without the pending-certificate hold, whose wait counts in the verification_queue stage.
            overrides: ["duration=1s", "security.costs.verify=10ms", "security.queue=4", "security.p2p_hold=false"])
        let s = try Simulation(scenario: scenario).run(recorder: nil)
        #expect(s.queueOverflows > 0)
        let counted = s.rejectedByReason.first { $0.reason == "queue_overflow" }?.count ?? 0
        #expect(counted > 0 && counted <= s.queueOverflows)
        let queue = try #require(s.stages.first { $0.stage == "verification_queue" })
        #expect(queue.max <= 50.1)  // at most 4 waiting ahead and one in service, 10 ms each
        #expect(queue.p99 > 10)
    }
}

@Suite("Pseudonym changes in a run")
struct PseudonymRunTests {
    @Test("vehicles change pseudonym on schedule and announce each new certificate in full")
    func schedule() throws {
        let base = try ScenarioLoader.load(path: TestPaths.scenario("quick.yaml"), overrides: ["duration=4s"])
        let changing = try ScenarioLoader.load(
            path: TestPaths.scenario("quick.yaml"), overrides: ["duration=4s", "security.pseudonym_change=1s"])
        let a = try Simulation(scenario: base).run(recorder: nil)
        let b = try Simulation(scenario: changing).run(recorder: nil)
        #expect(a.pseudonymChanges == 0)
        // 40 vehicles, first change at a random phase within 1 s, then every second: 3 or 4 each,
        // fewer for the cars that leave the road.
        #expect((100...160).contains(b.pseudonymChanges), "\(b.pseudonymChanges)")
        // Each change forces a full certificate on the next beacon (unless one was due anyway).
        #expect(b.certificatesSent > a.certificatesSent + b.pseudonymChanges / 2)
        // Receivers still accept nearly everything: the new certificate comes with the first message.
        #expect(b.accepted > b.vehicleReceptions * 95 / 100)
        // Detection links a new pseudonym to the track it continues: no honest vehicle is revoked.
        #expect(b.detectionTotals.honestRevoked == 0)
        #expect(b.detectionTotals.falsePositives < b.detectionTotals.trueNegatives / 1000)
    }
}
