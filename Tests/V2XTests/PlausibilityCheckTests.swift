import SimKernel
import Testing
import V2X

@Suite("Plausibility checks")
struct PlausibilityCheckTests {
    let config = DetectionConfig()

    func car(x: Double, speed: Double = 30, station: UInt32 = 7, accel: Double = 0) -> SensorBroadcast {
        SensorBroadcast(stationID: station, x: x, y: 5.25, speed: speed, heading: 90, acceleration: accel, length: 5, lane: 1)
    }

    func check(
        _ claim: SensorBroadcast, at t: SimTime = .seconds(10), previous: ClaimRecord? = nil, receiverX: Double = 0,
        others: [SensorBroadcast] = [], since: SimTime = .zero
    ) -> MisbehaviourReport.Check? {
        PlausibilityChecks.firstFailure(
            claim: claim, time: t, previous: previous, receiverX: receiverX, receiverY: 5.25, receiverSince: since,
            now: t, others: others, config: self.config)
    }

    @Test("an honest car moving at its claimed speed passes")
    func honest() {
        let before = ClaimRecord(broadcast: self.car(x: 497), time: .milliseconds(9900))
        #expect(self.check(self.car(x: 500), previous: before) == nil)
    }

    @Test("each check fires at its threshold", arguments: [
        ("range", 1),
        ("speed", 2),
        ("acceleration", 3),
        ("position_jump", 4),
        ("position_jump", 5),
        ("beacon_frequency", 6),
        ("sudden_appearance", 7),
        ("overlap", 8),
    ])
    func thresholds(expected: String, caseNumber: Int) {
        let t = SimTime.seconds(10)
        let prev = ClaimRecord(broadcast: self.car(x: 497), time: .milliseconds(9900))
        let result: MisbehaviourReport.Check?
        switch caseNumber {
        case 1: result = self.check(self.car(x: 1_200), previous: prev)
        // Without a previous claim: against one, 56 m/s also fails position–speed consistency.
        case 2: result = self.check(self.car(x: 500, speed: 56))
        case 3: result = self.check(self.car(x: 500, accel: -10.5), previous: prev)
        case 4: result = self.check(self.car(x: 530), previous: prev)  // 33 m in 100 ms at 30 m/s
        case 5: result = self.check(self.car(x: 480), previous: prev)  // backwards while claiming 30 m/s
        case 6: result = self.check(self.car(x: 498), at: t, previous: ClaimRecord(broadcast: self.car(x: 497), time: t - .milliseconds(25)))
        case 7: result = self.check(self.car(x: 60), since: .seconds(1))
        default:
            // A station heard for the first time where a known one stands.
            result = self.check(self.car(x: 500), others: [self.car(x: 501, station: 9)])
        }
        #expect(result?.rawValue == expected)
    }

    @Test("a claim on the receiver's own spot overlaps, even from a known station")
    func overlapsReceiver() {
        let prev = ClaimRecord(broadcast: self.car(x: 97), time: .milliseconds(9900))
        #expect(self.check(self.car(x: 100), previous: prev, receiverX: 100.5) == .overlap)
    }

    @Test("appearances are not judged during the receiver's warm-up, nor far away")
    func warmup() {
        #expect(self.check(self.car(x: 60), since: .milliseconds(9000)) == nil)
        #expect(self.check(self.car(x: 160), since: .zero) == nil)
    }

    @Test("a stationary claim with speed 0 is consistent; the same position with speed 30 m/s is not")
    func frozen() {
        let prev0 = ClaimRecord(broadcast: self.car(x: 500, speed: 0), time: .seconds(9))
        #expect(self.check(self.car(x: 500, speed: 0), previous: prev0, receiverX: 400) == nil)
        let prev30 = ClaimRecord(broadcast: self.car(x: 500), time: .seconds(9))
        #expect(self.check(self.car(x: 500), previous: prev30, receiverX: 400) == .positionJump)
    }

    @Test("trackFailure: a claim continues a belief only when its speed change and distance moved are plausible")
    func track() {
        // A belief 2 s old about a car at 20 m/s, 40 m back: the right place for a car at 20 m/s,
        // but not for one claiming 45 m/s (12.5 m/s² implied), the stale-link false positive. Its
        // 40 m in 2 s is also far from the 65 m its mean claimed speed gives, and position–speed
        // consistency (confidence 0, as acceleration's) comes first on the tie.
        let old = ClaimRecord(broadcast: self.car(x: 460, speed: 20), time: .seconds(8))
        #expect(PlausibilityChecks.trackFailure(claim: self.car(x: 500, speed: 20), time: .seconds(10), previous: old,
                                                config: self.config) == nil)
        #expect(PlausibilityChecks.trackFailure(claim: self.car(x: 500, speed: 45), time: .seconds(10), previous: old,
                                                config: self.config) == .positionJump)
    }
}
