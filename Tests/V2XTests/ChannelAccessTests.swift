import Radio
import SimKernel
import Testing

@Suite("CSMA/CA channel access")
struct ChannelAccessTests {
    let aifs = MACTiming.aifs(.bestEffort)

    @Test("AIFS = SIFS + AIFSN · slot: 58, 71, 110, 149 µs for VO, VI, BE, BK")
    func aifsValues() {
        #expect(MACTiming.aifs(.voice) == .microseconds(58))
        #expect(MACTiming.aifs(.video) == .microseconds(71))
        #expect(MACTiming.aifs(.bestEffort) == .microseconds(110))
        #expect(MACTiming.aifs(.background) == .microseconds(149))
    }

    @Test("an idle medium: the frame goes on air after AIFS and the backoff slots")
    func idle() {
        var mac = ChannelAccess()
        let end = mac.begin(now: .milliseconds(1), slots: 5, aifs: self.aifs)
        #expect(end == .milliseconds(1) + self.aifs + MACTiming.slot * 5)
    }

    @Test("a busy medium defers; idle again, AIFS then the slots")
    func busy() {
        var mac = ChannelAccess()
        _ = mac.mediumBusy(start: .zero, end: .microseconds(500), aifs: self.aifs)
        let deferred = mac.begin(now: .microseconds(100), slots: 3, aifs: self.aifs)
        #expect(deferred == nil)
        let end = mac.mediumIdle(now: .microseconds(500), aifs: self.aifs)
        #expect(end == .microseconds(500) + self.aifs + MACTiming.slot * 3)
    }

    @Test("a countdown frozen mid-way keeps only the slots not yet counted")
    func freeze() {
        var mac = ChannelAccess()
        let start = SimTime.zero
        _ = mac.begin(now: start, slots: 10, aifs: self.aifs)
        let tokenBefore = mac.token
        // Busy after AIFS + 4 whole slots and a bit: 4 slots counted, 6 remain.
        let busyAt = self.aifs + MACTiming.slot * 4 + .microseconds(5)
        let frozen = mac.mediumBusy(start: busyAt, end: busyAt + .microseconds(400), aifs: self.aifs)
        #expect(frozen)
        #expect(mac.remainingSlots == 6)
        #expect(mac.token != tokenBefore, "the old countdown end is stale")
        let end = mac.mediumIdle(now: busyAt + .microseconds(400), aifs: self.aifs)
        #expect(end == busyAt + .microseconds(400) + self.aifs + MACTiming.slot * 6)
    }

    @Test("a countdown that ends in the instant another frame starts still transmits (same slot: collision)")
    func sameSlot() {
        var mac = ChannelAccess()
        let end = mac.begin(now: .zero, slots: 2, aifs: self.aifs)!
        let frozen = mac.mediumBusy(start: end, end: end + .microseconds(300), aifs: self.aifs)
        #expect(!frozen)
        #expect(mac.remainingSlots == 2)
    }

    @Test("busy time counts overlapping frames once")
    func busyTime() {
        var mac = ChannelAccess()
        _ = mac.mediumBusy(start: .zero, end: .microseconds(400), aifs: self.aifs)
        _ = mac.mediumBusy(start: .microseconds(300), end: .microseconds(600), aifs: self.aifs)
        _ = mac.mediumBusy(start: .microseconds(1000), end: .microseconds(1200), aifs: self.aifs)
        mac.transmitted(start: .microseconds(1100), end: .microseconds(1300))
        #expect(mac.busyTime == .microseconds(900))
    }
}

@Suite("Reactive DCC")
struct ReactiveDCCTests {
    @Test("CBR thresholds 0.2/0.3/0.4/0.5 map to 100/200/400/500/1000 ms", arguments: [
        (0.0, 100), (0.19, 100), (0.2, 200), (0.29, 200), (0.3, 400), (0.45, 500), (0.5, 1000), (1.0, 1000),
    ] as [(Double, Int64)])
    func table(cbr: Double, milliseconds: Int64) {
        #expect(ReactiveDCC.interval(ReactiveDCC.state(cbr: cbr)) == .milliseconds(milliseconds))
    }
}
