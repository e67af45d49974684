import SimKernel
import Testing
import V2X

/// The confidence functions against values computed by hand (issue 14: each check returns a
/// confidence in [0, 1], 0.5 at its threshold, linear over a band of `confidence_margin`).
@Suite("Confidence checks")
struct ConfidenceCheckTests {
    @Test("the band: 1 below threshold × (1 − m/2), 0 above threshold × (1 + m/2), 0.5 at the threshold")
    func band() {
        // Threshold 55, margin 0.2: the band is 49.5 … 60.5.
        #expect(CheckConfidence.below(49.5, threshold: 55, margin: 0.2) == 1)
        #expect(CheckConfidence.below(55, threshold: 55, margin: 0.2) == 0.5)
        #expect(abs(CheckConfidence.below(57.75, threshold: 55, margin: 0.2) - 0.25) < 1e-12)
        #expect(CheckConfidence.below(60.5, threshold: 55, margin: 0.2) == 0)
        #expect(CheckConfidence.above(45, threshold: 50, margin: 0.2) == 0)
        #expect(abs(CheckConfidence.above(52, threshold: 50, margin: 0.2) - 0.7) < 1e-12)
        // A zero margin is a hard step.
        #expect(CheckConfidence.below(55.001, threshold: 55, margin: 0) == 0)
    }

    @Test("range, speed, acceleration, heading and road fit against their thresholds")
    func singleClaim() {
        #expect(CheckConfidence.range(distance: 1_050, maxRange: 1_000, margin: 0.2) == 0.25)
        #expect(CheckConfidence.speed(-0.1, maxSpeed: 55, margin: 0.2) == 0)
        #expect(CheckConfidence.speed(30, maxSpeed: 55, margin: 0.2) == 1)
        // |−10.5| against 10 m/s² over 9 … 11.
        #expect(abs(CheckConfidence.acceleration(-10.5, maxAcceleration: 10, margin: 0.2) - 0.25) < 1e-12)
        // 16° against 15° over 13.5° … 16.5°.
        #expect(abs(CheckConfidence.heading(difference: 16, tolerance: 15, margin: 0.2) - 1.0 / 6) < 1e-12)
        #expect(CheckConfidence.roadFit(offset: 1.75, tolerance: 2.5, margin: 0.2) == 1)
        #expect(CheckConfidence.roadFit(offset: 14, tolerance: 2.5, margin: 0.2) == 0)
    }

    @Test("position–speed consistency: moved vs mean speed × dt, tolerance + a_max dt² / 8")
    func positionSpeed() {
        // 100 ms at 30 m/s: 3 m. Allowed 0.15 + 10 × 0.01 / 8 = 0.1625 m, band 0.14625 … 0.17875.
        let exact = CheckConfidence.positionSpeed(
            moved: 3, speeds: (30, 30), dt: 0.1, maxAcceleration: 10, tolerance: 0.15, margin: 0.2)
        #expect(exact == 1)
        let doubtful = CheckConfidence.positionSpeed(
            moved: 3.16, speeds: (30, 30), dt: 0.1, maxAcceleration: 10, tolerance: 0.15, margin: 0.2)
        #expect(abs(doubtful - (0.17875 - 0.16) / 0.0325) < 1e-9)
        // A speed offset of 3 m/s on the newer beacon: mean 31.5 m/s, 0.15 m off.
        let offset = CheckConfidence.positionSpeed(
            moved: 3, speeds: (30, 33), dt: 0.1, maxAcceleration: 10, tolerance: 0.15, margin: 0.2)
        #expect(abs(offset - (0.17875 - 0.15) / 0.0325) < 1e-9)
    }

    @Test("acceleration consistency: the implied acceleration lies between the claimed ones")
    func accelerationConsistency() {
        // 30 → 30.1 m/s in 100 ms is 1 m/s², as claimed.
        #expect(CheckConfidence.accelerationConsistency(
            speeds: (30, 30.1), accelerations: (1, 1), dt: 0.1, maxAcceleration: 10, tolerance: 1.5, margin: 0.2) == 1)
        // 30 → 30.5 m/s is 5 m/s², 4 beyond the claimed 1: past 1.5 × (1 + 0.1).
        #expect(CheckConfidence.accelerationConsistency(
            speeds: (30, 30.5), accelerations: (1, 1), dt: 0.1, maxAcceleration: 10, tolerance: 1.5, margin: 0.2) == 0)
        // 30 → 0 m/s in one beacon (EventualStop's trigger): 300 m/s², beyond any car.
        #expect(CheckConfidence.accelerationConsistency(
            speeds: (30, 0), accelerations: (0, 0), dt: 0.1, maxAcceleration: 10, tolerance: 1.5, margin: 0.2) == 0)
    }

    @Test("beacon frequency: 0.5 at the minimum interval, 0 for a beacon generated before the previous one")
    func beaconFrequency() {
        #expect(CheckConfidence.beaconFrequency(interval: 0.09, minInterval: 0.09, margin: 0.2) == 0.5)
        #expect(CheckConfidence.beaconFrequency(interval: 0.1, minInterval: 0.09, margin: 0.2) == 1)
        #expect(CheckConfidence.beaconFrequency(interval: -0.4, minInterval: 0.09, margin: 0.2) == 0)
    }

    @Test("load shrinks the appearance range: 1 − 2 × max(CBR 0.3, loss 0.1) = 0.4")
    func load() {
        let load = CheckConfidence.loadFactor(channelBusy: 0.3, lossRatio: 0.1, discount: 2)
        #expect(abs(load - 0.4) < 1e-12)
        // 60 m: inside 100 m on a quiet channel, outside 40 m on this one.
        #expect(CheckConfidence.suddenAppearance(distance: 60, range: 100, load: 1, margin: 0.2) == 0)
        #expect(CheckConfidence.suddenAppearance(distance: 60, range: 100, load: load, margin: 0.2) == 1)
        #expect(CheckConfidence.loadFactor(channelBusy: 0.9, lossRatio: 0, discount: 2) == 0)
        #expect(CheckConfidence.overlap(gap: 1, distance: 2, load: 1, margin: 0.2) == 0)
    }

    @Test("the receiver's loss estimate counts the beacons missing from a sender's sequence")
    func lossRatio() {
        var load = ReceptionLoad()
        // Beacons every 100 ms arrive 400 ms apart: 3 of every 4 are lost; a long window keeps the counts.
        for k in 1...10 {
            load.noteBeacon(gap: .milliseconds(400), interval: .milliseconds(100), at: .milliseconds(400 * Int64(k)), window: .seconds(1000))
        }
        #expect(abs(load.lossRatio - 0.75) < 0.001)
        var quiet = ReceptionLoad()
        quiet.noteBeacon(gap: .milliseconds(100), interval: .milliseconds(100), at: .seconds(1), window: .seconds(2))
        #expect(quiet.lossRatio == 0)
    }

    @Test("a receiver that lost 3 of 4 beacons is not alarmed by a car it hears 60 m away; a quiet one is")
    func lossyReceiverNoAppearance() {
        var config = DetectionConfig()
        config.appearanceRange = 100
        var lossy = ReceptionLoad()
        for k in 1...10 {
            lossy.noteBeacon(gap: .milliseconds(400), interval: .milliseconds(100), at: .milliseconds(400 * Int64(k)), window: .seconds(1000))
        }
        func appearance(_ load: ReceptionLoad) -> Double? {
            var m = ClaimMeasures(distance: 60, speed: 30, acceleration: 0)
            m.judgesAppearance = true
            m.load = CheckConfidence.loadFactor(
                channelBusy: load.channelBusy, lossRatio: load.lossRatio, discount: config.loadDiscount)
            return PlausibilityChecks.assess(m, config: config).confidence(of: .suddenAppearance)
        }
        #expect(appearance(lossy) == 1)
        #expect(appearance(ReceptionLoad()) == 0)
        var busy = ReceptionLoad()
        busy.noteChannelBusy(0.45)
        #expect(appearance(busy) == 1)
    }

    @Test("fusion: a message's confidence is its weakest check's; ties go to the earlier check")
    func fusion() {
        var m = ClaimMeasures(distance: 1_050, speed: 57.75, acceleration: 0)
        m.headingDifference = 0
        let scores = PlausibilityChecks.assess(m, config: DetectionConfig())
        #expect(scores.fused == 0.25)
        #expect(scores.weakest?.check == .range)
        #expect(scores.confidence(of: .speed).map { abs($0 - 0.25) < 1e-12 } == true)
    }
}
