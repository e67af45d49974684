import Radio
import SimKernel
import Testing

@Suite("RadioMedium")
struct RadioMediumTests {
    func config(_ model: RadioConfig.Model = .twoRay, fading: RadioConfig.Fading = .nakagami) -> RadioConfig {
        var c = RadioConfig()
        c.model = model
        c.fading = fading
        c.txPower = 13
        return c
    }

    /// Stations at the given x positions on one line (y = 0).
    func medium(_ config: RadioConfig, at xs: [Double]) -> RadioMedium {
        var medium = RadioMedium(config: config, seed: 42, fixedRange: 600)
        medium.updateStations(xs.enumerated().map { StationPosition(station: $0.offset, x: $0.element, y: 0) })
        return medium
    }

    @Test("a ready frame on an idle medium waits AIFS plus its backoff, then goes on air; a second one replaces it")
    func channelAccess() {
        var medium = self.medium(self.config(), at: [0, 100])
        let effects = medium.frameReady(station: 0, tag: 7, now: .milliseconds(1))
        guard case let .schedule(timer, at) = effects.first, effects.count == 1 else {
            Issue.record("expected one timer, got \(effects)")
            return
        }
        #expect(timer.kind == .accessEnd && timer.station == 0)
        // Best effort: AIFS 110 µs, then 0…15 slots of 13 µs.
        let wait = at - .milliseconds(1)
        #expect(wait >= .microseconds(110) && wait <= .microseconds(110 + 15 * 13))
        #expect((wait - .microseconds(110)).nanoseconds % 13_000 == 0)
        // A newer frame replaces the queued one; the countdown goes on.
        #expect(medium.frameReady(station: 0, tag: 8, now: .milliseconds(1) + .microseconds(20)) == [.queueDrop(station: 0, tag: 7)])
        #expect(medium.timerFired(timer, now: at) == [.transmit(station: 0, tag: 8)])
        // The same timer again is stale.
        #expect(medium.timerFired(timer, now: at).isEmpty)
    }

    @Test("a frame on air freezes the countdown of a station that senses it; it resumes when the medium is idle")
    func carrierSense() {
        var medium = self.medium(self.config(), at: [0, 100, 5_000])
        let ready = medium.frameReady(station: 1, tag: 1, now: .zero)
        guard case let .schedule(countdown, at: countdownEnd) = ready.first else { Issue.record("\(ready)"); return }
        // Station 0 goes on air 50 µs later (inside station 1's AIFS), 100 m away: station 1 freezes.
        let (end, effects) = medium.startFrame(RadioFrame(id: 0, sender: 0, payloadBytes: 300, x: 0, y: 0), at: .microseconds(50))
        #expect(end == .microseconds(50) + Airtime.duration(payloadBytes: 300, dataRate: 6e6))
        #expect(effects.count == 1)
        guard case let .schedule(idle, at: idleAt) = effects.first else { Issue.record("\(effects)"); return }
        #expect(idle.kind == .mediumIdle && idle.station == 1 && idleAt == end)
        // The old countdown is stale; the idle timer restarts it with AIFS and the same slots.
        #expect(medium.timerFired(countdown, now: countdownEnd).isEmpty)
        let resumed = medium.timerFired(idle, now: idleAt)
        guard case let .schedule(access, at: accessAt) = resumed.first else { Issue.record("\(resumed)"); return }
        #expect(access.kind == .accessEnd)
        #expect(accessAt - idleAt == countdownEnd - .zero)
        // Station 2 (5 km away) never sensed it.
        #expect(!effects.contains { if case let .schedule(t, _) = $0 { t.station == 2 } else { false } })
    }

    @Test("unit disk: everyone within range receives, in ascending order, fixed receivers after stations")
    func unitDisk() {
        var c = RadioConfig()
        c.model = .unitDisk
        c.range = 300
        var medium = self.medium(c, at: [500, 0, 290, 310, 200, 800])
        _ = medium.addFixedReceiver(x: 1_000, y: 0)
        _ = medium.addFixedReceiver(x: 100, y: 0)
        let (end, effects) = medium.startFrame(RadioFrame(id: 9, sender: 1, payloadBytes: 100, x: 0, y: 0), at: .zero)
        #expect(effects.isEmpty)
        let r = medium.endFrame(id: 9, now: end)
        #expect(r.map(\.listener) == [.station(2), .station(4), .fixed(1)])
        #expect(r.allSatisfy { $0.outcome == .received })
        #expect(r.map(\.distance) == [290, 200, 100])
        #expect(medium.endFrame(id: 9, now: end).isEmpty, "a frame ends once")
    }

    @Test("nobody beyond the candidate range is examined, and nobody beyond it could decode: mean · 10 < sensitivity")
    func candidateRangeIsExact() {
        let c = self.config()
        let budget = LinkBudget(c)
        let range = budget.candidateRange
        #expect(abs(budget.meanMilliwatts(distance: range) * NakagamiFading.cutoff / budget.sensitivity - 1) < 1e-9)
        var medium = self.medium(c, at: [0, range - 1, range + 1, 50])
        let (end, _) = medium.startFrame(RadioFrame(id: 0, sender: 0, payloadBytes: 300, x: 0, y: 0), at: .zero)
        let r = medium.endFrame(id: 0, now: end)
        #expect(r.map(\.listener) == [.station(1), .station(3)])
    }

    @Test("a reception's outcome depends only on (frame, receiver): adding and removing other stations changes nothing")
    func orderIndependence() {
        let c = self.config()
        let xs: [Double] = [0, 120, 250, 380, 470, 520, 610, 700, 820, 900]
        var small = self.medium(c, at: xs)
        // Same stations, plus ten more in between that the frame also reaches.
        var large = RadioMedium(config: c, seed: 42, fixedRange: 600)
        var positions = xs.enumerated().map { StationPosition(station: $0.offset, x: $0.element, y: 0) }
        positions += (0..<10).map { StationPosition(station: 10 + $0, x: 60 + 90 * Double($0), y: 3.5) }
        large.updateStations(positions.reversed())
        var differs = 0
        for id: UInt64 in 0..<200 {
            let frame = RadioFrame(id: id, sender: 0, payloadBytes: 300, x: 0, y: 0)
            let start = SimTime.milliseconds(Int64(id) * 10)
            let (end, _) = small.startFrame(frame, at: start)
            _ = large.startFrame(frame, at: start)
            let a = small.endFrame(id: id, now: end)
            let b = large.endFrame(id: id, now: end).filter { if case let .station(s) = $0.listener { s < 10 } else { true } }
            #expect(a == b, "frame \(id)")
            if a.contains(where: { $0.outcome == .received }) && a.contains(where: { $0.outcome == .belowSensitivity }) {
                differs += 1
            }
        }
        // The draws really vary: frames see a mix of outcomes.
        #expect(differs > 20)
    }

    @Test("a frame's candidates decided in chunks on several threads get the receptions and work counts of one thread")
    func chunkedDecisions() {
        let c = self.config()
        // 300 stations over 3 km in three lanes (more candidates than `parallelCandidateMinimum`),
        // frames overlapping in time so that interference and half duplex both occur.
        let positions = (0..<300).map { StationPosition(station: $0, x: 10 * Double($0), y: 3.5 * Double($0 % 3)) }
        var serial = RadioMedium(config: c, seed: 7, fixedRange: 600)
        serial.updateStations(positions)
        _ = serial.addFixedReceiver(x: 1_500, y: 10)
        var chunked = serial
        var outcomes = Set<RadioOutcome>()
        var largest = 0
        for id: UInt64 in 0..<120 {
            let sender = Int(id * 37 % 300)
            let frame = RadioFrame(id: id, sender: sender, payloadBytes: 300, x: 10 * Double(sender), y: 3.5 * Double(sender % 3))
            let start = SimTime.microseconds(Int64(id) * 150)
            let (end, _) = serial.startFrame(frame, at: start)
            _ = chunked.startFrame(frame, at: start)
            guard id >= 4 else { continue }
            // End the frame sent four earlier, while later ones are still on air.
            let old = id - 4
            let a = serial.endFrame(id: old, now: end, threads: 1)
            let b = chunked.endFrame(id: old, now: end, threads: 3)
            #expect(a == b, "frame \(old)")
            largest = max(largest, a.count)
            outcomes.formUnion(a.map(\.outcome))
        }
        #expect(serial.work == chunked.work)
        #expect(largest >= RadioMedium.parallelCandidateMinimum, "frames large enough to be chunked")
        #expect(outcomes.isSuperset(of: [.received, .belowSensitivity, .collision, .halfDuplex]))
    }

    @Test("half duplex: a station transmitting during the frame hears nothing; SINR decides overlapping frames")
    func halfDuplexAndCollision() {
        var c = self.config(fading: .none)
        c.txPower = 20
        var medium = self.medium(c, at: [0, 30, 60, 2_000])
        let (endA, _) = medium.startFrame(RadioFrame(id: 0, sender: 0, payloadBytes: 300, x: 0, y: 0), at: .zero)
        // Station 2 transmits (hidden by timing: it started while 0 was on air) 60 m away.
        _ = medium.startFrame(RadioFrame(id: 1, sender: 2, payloadBytes: 300, x: 60, y: 0), at: .microseconds(100))
        let r = medium.endFrame(id: 0, now: endA)
        let byStation = Dictionary(uniqueKeysWithValues: r.map { ($0.listener, $0.outcome) })
        #expect(byStation[.station(2)] == .halfDuplex)
        // Station 1 is 30 m from both: SINR 0 dB, below 8 dB.
        #expect(byStation[.station(1)] == .collision)
        // Station 3 is 2 km away: below sensitivity at 20 dBm without fading (nominal range ≈ 800 m).
        #expect(byStation[.station(3)] == nil || byStation[.station(3)] == .belowSensitivity)
    }

    @Test("truncated Nakagami: never above +10 dB, and P(G > 10) matches Q(m, 10m)", arguments: [0.75, 1.5])
    func truncation(m: Double) {
        let key = CounterRandom(seed: 1, component: "truncation-test")
        let n = 400_000
        var above = 0
        var atCutoff = 0
        for i in 0..<n {
            var s = key.stream(entity: 0, counter: UInt64(i))
            let g = NakagamiFading.gain(m: m, using: &s)
            var t = key.stream(entity: 0, counter: UInt64(i))
            let truncated = NakagamiFading.truncatedGain(m: m, using: &t)
            #expect(truncated <= NakagamiFading.cutoff)
            if g > NakagamiFading.cutoff { above += 1 }
            if truncated == NakagamiFading.cutoff { atCutoff += 1 }
        }
        #expect(above == atCutoff)
        // Q(0.75, 7.5) = 2.648e-4, Q(1.5, 15) = 1.38e-6 (scipy.special.gammaincc).
        let q = m == 0.75 ? 2.648e-4 : 1.38e-6
        let expected = q * Double(n)
        // Poisson: within 4 standard deviations (+2 for the nearly-zero case).
        #expect(abs(Double(above) - expected) <= 4 * expected.squareRoot() + 2, "m \(m): \(above) above, expected \(expected)")
    }

    @Test("stations that leave get no receptions and their timers go stale; CBR follows busy time")
    func leaveAndCBR() {
        var medium = self.medium(self.config(), at: [0, 100, 200])
        let ready = medium.frameReady(station: 2, tag: 2, now: .zero)
        guard case let .schedule(timer, at) = ready.first else { Issue.record("\(ready)"); return }
        let (end, _) = medium.startFrame(RadioFrame(id: 0, sender: 0, payloadBytes: 300, x: 0, y: 0), at: .zero)
        medium.updateStations([StationPosition(station: 0, x: 0, y: 0), StationPosition(station: 1, x: 100, y: 0)])
        #expect(!medium.isJoined(2))
        #expect(medium.timerFired(timer, now: at).isEmpty)
        #expect(medium.endFrame(id: 0, now: end).map(\.listener) == [.station(1)])
        let samples = medium.sampleChannelBusy(stations: [0, 1, 2], window: .milliseconds(100))
        #expect(samples.map(\.station) == [0, 1])
        let airtime = Airtime.duration(payloadBytes: 300, dataRate: 6e6)
        for sample in samples { #expect(abs(sample.ratio - airtime.seconds / 0.1) < 1e-12) }
        // The window restarts: nothing new on air, CBR 0.
        #expect(medium.sampleChannelBusy(stations: [0, 1], window: .milliseconds(100)).allSatisfy { $0.ratio == 0 })
    }
}
