import SimKernel
import Testing
import V2X

/// Each insider type does what the F2MD / VeReMi Extension definition says (docs/attacks.md).
@Suite("Attacker behaviours")
struct AttackerBehaviourTests {
    let playground = (minX: -100.0, maxX: 2100.0, minY: -100.0, maxY: 110.5)

    func attacker(_ type: AttackType, seed: UInt64 = 1) -> AttackerBehaviour {
        AttackerBehaviour(type: type, playground: self.playground, stream: RandomStream.derived(seed: seed, component: "t"))
    }

    /// A car driving along the road at 30 m/s, beacon i at 100 ms · i.
    func genuine(_ i: Int, station: UInt32 = 7) -> SensorBroadcast {
        SensorBroadcast(
            stationID: station, x: 100 + 3 * Double(i), y: 5.25, speed: 30, heading: 90, acceleration: 0.5, length: 5,
            lane: 1)
    }

    func time(_ i: Int) -> SimTime { .milliseconds(100 * Int64(i)) }

    func run(_ type: AttackType, beacons: Int = 50, seed: UInt64 = 1, neighbours: Bool = false) -> [(SensorBroadcast, AttackEmission)] {
        var a = self.attacker(type, seed: seed)
        var out: [(SensorBroadcast, AttackEmission)] = []
        for i in 0..<beacons {
            if neighbours {
                a.heard(self.genuine(i, station: 100).with { $0.x += 50 }, at: self.time(i))
                a.heard(self.genuine(i, station: 200).with { $0.x -= 80 }, at: self.time(i))
            }
            let g = self.genuine(i)
            out.append((g, a.emission(genuine: g, now: self.time(i))))
        }
        return out
    }

    func inPlayground(_ b: SensorBroadcast) -> Bool {
        (self.playground.minX..<self.playground.maxX).contains(b.x) && (self.playground.minY..<self.playground.maxY).contains(b.y)
    }

    @Test("numbers and names are those of VeReMi Extension, 1 ConstPos … 19 DoSDisruptiveSybil")
    func catalogue() {
        #expect(AttackType.allCases.filter { !$0.isOutsider && $0.replacesBeacons }.map(\.rawValue) == Array(1...19))
        #expect(AttackType(rawValue: 23) == .fakeHazard && !AttackType.fakeHazard.isOutsider)
        #expect(AttackType(rawValue: 1)?.name == "ConstPos")
        #expect(AttackType(rawValue: 12)?.name == "DelayedMessages")
        #expect(AttackType(rawValue: 16)?.name == "GridSybil")
        #expect(AttackType(rawValue: 19)?.name == "DoSDisruptiveSybil")
        for t in AttackType.allCases { #expect(AttackType(name: t.name) == t) }
        #expect(AttackType.dos.rateMultiplier == 4 && AttackType.gridSybil.rateMultiplier == 6)
        #expect(AttackType.constPos.rateMultiplier == 1)
    }

    @Test("1 ConstPos: one fixed point of the playground, everything else genuine")
    func constPos() {
        let r = self.run(.constPos)
        #expect(Set(r.map { $0.1.broadcast.x }).count == 1 && Set(r.map { $0.1.broadcast.y }).count == 1)
        #expect(self.inPlayground(r[0].1.broadcast))
        for (g, e) in r { #expect(e.broadcast.speed == g.speed && e.identity == .own && e.broadcast.stationID == g.stationID) }
    }

    @Test("2 ConstPosOffset: the same offset every beacon, each axis in [14, 70] m")
    func constPosOffset() {
        let r = self.run(.constPosOffset)
        let dx = r[0].1.broadcast.x - r[0].0.x
        let dy = r[0].1.broadcast.y - r[0].0.y
        #expect((14...70).contains(dx) && (14...70).contains(dy))
        for (g, e) in r {
            #expect(abs(e.broadcast.x - g.x - dx) < 1e-9 && abs(e.broadcast.y - g.y - dy) < 1e-9)
        }
    }

    @Test("3 RandomPos: a new point of the playground every beacon")
    func randomPos() {
        let r = self.run(.randomPos)
        #expect(Set(r.map { $0.1.broadcast.x }).count == r.count)
        for (_, e) in r { #expect(self.inPlayground(e.broadcast)) }
    }

    @Test("4 RandomPosOffset: true position ± 35 m per axis, new every beacon")
    func randomPosOffset() {
        let r = self.run(.randomPosOffset)
        for (g, e) in r { #expect(abs(e.broadcast.x - g.x) <= 35 && abs(e.broadcast.y - g.y) <= 35) }
        #expect(Set(r.map { $0.1.broadcast.x - $0.0.x }).count == r.count)
    }

    @Test("5–8: speed types change the speed alone, within their magnitudes")
    func speeds() {
        let constant = self.run(.constSpeed)
        #expect(Set(constant.map { $0.1.broadcast.speed }).count == 1)
        #expect((0...(40 * 2.0.squareRoot())).contains(constant[0].1.broadcast.speed))
        let offset = self.run(.constSpeedOffset)
        let s = offset[0].1.broadcast.speed
        #expect(Set(offset.map { $0.1.broadcast.speed }).count == 1)
        // |(30 + a, b)| with a, b in [1.4, 7].
        #expect(s > (31.4 * 31.4 + 1.4 * 1.4).squareRoot() - 1e-9 && s < (37.0 * 37 + 49).squareRoot() + 1e-9)
        let random = self.run(.randomSpeed)
        #expect(Set(random.map { $0.1.broadcast.speed }).count == random.count)
        let randomOffset = self.run(.randomSpeedOffset)
        for (g, e) in randomOffset {
            #expect(abs(e.broadcast.speed - g.speed) <= 7 * 2.0.squareRoot() + 1e-9)
            #expect(e.broadcast.speed != g.speed)
        }
        for type in [AttackType.constSpeed, .constSpeedOffset, .randomSpeed, .randomSpeedOffset] {
            for (g, e) in self.run(type) { #expect(e.broadcast.x == g.x && e.broadcast.y == g.y && e.identity == .own) }
        }
    }

    @Test("9 EventualStop: genuine until the trigger, then the trigger position at speed 0 forever")
    func eventualStop() {
        let r = self.run(.eventualStop, beacons: 2000)
        let first = try! #require(r.firstIndex { $0.1.broadcast.speed == 0 })
        #expect(first > 0, "p = 0.01 per beacon")
        for (g, e) in r[..<first] { #expect(e.broadcast == g) }
        let frozen = r[first].0
        for (_, e) in r[first...] { #expect(e.broadcast.x == frozen.x && e.broadcast.speed == 0) }
    }

    @Test("10 Disruptive: a heard neighbour's beacon under the attacker's own station id")
    func disruptive() {
        let r = self.run(.disruptive, neighbours: true)
        for (i, (g, e)) in r.enumerated() {
            #expect(e.broadcast.stationID == g.stationID && e.identity == .own)
            // One of the beacons heard so far: 100 + 3j + 50 or 100 + 3j − 80 for some j ≤ i.
            var heard: [Double] = []
            for j in 0...i {
                let base = 3.0 * Double(j)
                heard.append(150 + base)
                heard.append(20 + base)
            }
            #expect(heard.contains(e.broadcast.x))
        }
        #expect(Set(r.map { $0.1.broadcast.x - $0.0.x }).count > 10, "random picks, not one target")
    }

    @Test("11 DataReplay: tracks one target; 17 DataReplaySybil: under a ghost pseudonym")
    func dataReplay() {
        let r = self.run(.dataReplay, neighbours: true)
        let offset = r[0].1.broadcast.x - r[0].0.x
        #expect(offset == 50 || offset == -80)
        for (g, e) in r { #expect(e.broadcast.x - g.x == offset) }
        for (_, e) in self.run(.dataReplaySybil, neighbours: true) { #expect(e.identity == .ghost(1)) }
    }

    @Test("12 DelayedMessages: its own beacon from 5 beacons ago, with that beacon's generation time")
    func delayed() {
        let r = self.run(.delayedMessages)
        for (i, (_, e)) in r.enumerated() where i >= 5 {
            #expect(e.broadcast == self.genuine(i - 5) && e.generationTime == self.time(i - 5))
        }
    }

    @Test("13 DoS genuine content; 14 DoSRandom random content; 18 and 19 a fresh pseudonym each message")
    func dos() {
        for (g, e) in self.run(.dos) { #expect(e.broadcast == g && e.identity == .own) }
        let random = self.run(.dosRandom)
        #expect(Set(random.map { $0.1.broadcast.heading }).count == random.count)
        for (_, e) in self.run(.dosRandomSybil) { #expect(e.identity == .fresh) }
        for (_, e) in self.run(.dosDisruptiveSybil, neighbours: true) { #expect(e.identity == .fresh) }
        for (g, e) in self.run(.dosDisruptive, neighbours: true) { #expect(e.broadcast.stationID == g.stationID) }
    }

    @Test("16 GridSybil: own beacon, then 5 ghosts in a 2-column grid behind it, in turn")
    func gridSybil() {
        let r = self.run(.gridSybil, beacons: 12)
        #expect(r[0].1.identity == .own && r[6].1.identity == .own)
        for k in 0..<5 {
            let (g, e) = r[1 + k]
            #expect(e.identity == .ghost(k))
            let row = Double(k / 2 + 1)
            // Spacing length + 5 m = 10 m per row, ±10 %.
            #expect((g.x - e.broadcast.x) >= 9 * row - 1e-9 && (g.x - e.broadcast.x) <= 11 * row + 1e-9)
            #expect(e.broadcast.speed == g.speed)
        }
    }
}

extension SensorBroadcast {
    func with(_ change: (inout SensorBroadcast) -> Void) -> SensorBroadcast {
        var copy = self
        change(&copy)
        return copy
    }
}
