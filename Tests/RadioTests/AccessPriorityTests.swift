import Radio
import SimKernel
import Testing

/// Two kinds of frames in one station's MAC (beacons and uplink frames) and frames sent by fixed
/// stations (RSUs' acknowledgements).
@Suite("RadioMedium access categories and fixed senders")
struct AccessPriorityTests {
    func medium(at xs: [Double], rsuAt rsu: Double? = nil) -> RadioMedium {
        var c = RadioConfig()
        c.model = .twoRay
        c.fading = .none
        c.txPower = 13
        var medium = RadioMedium(config: c, seed: 42, fixedRange: 600)
        if let rsu { _ = medium.addFixedReceiver(x: rsu, y: 0) }
        medium.updateStations(xs.enumerated().map { StationPosition(station: $0.offset, x: $0.element, y: 0) })
        return medium
    }

    @Test("a background frame waits AIFS 149 µs plus 0…15 slots; a waiting beacon refuses it, a new beacon replaces it")
    func priority() {
        var medium = self.medium(at: [0, 100])
        let ready = medium.frameReady(station: 0, tag: 100, now: .zero, category: .background)
        guard case let .schedule(timer, at) = ready.first, ready.count == 1 else { Issue.record("\(ready)"); return }
        #expect(at >= .microseconds(149) && at <= .microseconds(149 + 15 * 13))
        #expect((at - .microseconds(149)).nanoseconds % 13_000 == 0)
        // A beacon (the scenario's best effort) replaces the waiting background frame.
        #expect(medium.frameReady(station: 0, tag: 1, now: .microseconds(10)) == [.queueDrop(station: 0, tag: 100)])
        // Another background frame is refused while the beacon waits, and the beacon keeps the slot.
        #expect(medium.frameReady(station: 0, tag: 101, now: .microseconds(20), category: .background)
            == [.queueDrop(station: 0, tag: 101)])
        #expect(medium.timerFired(timer, now: at) == [.transmit(station: 0, tag: 1)])
        // A frame that may not displace is refused by a waiting frame of its own category.
        _ = medium.frameReady(station: 1, tag: 2, now: at, category: .background)
        #expect(medium.frameReady(station: 1, tag: 102, now: at, category: .background, displacing: false)
            == [.queueDrop(station: 1, tag: 102)])
    }

    @Test("an RSU's frame reaches vehicles, not the RSU itself, freezes countdowns nearby and leaves the RSU deaf")
    func fixedSender() {
        var medium = self.medium(at: [0, 100], rsuAt: 50)
        let ready = medium.frameReady(station: 1, tag: 1, now: .zero)
        guard case .schedule = ready.first else { Issue.record("\(ready)"); return }
        let rsu = RadioMedium.fixedSender(0)
        #expect(rsu < 0)
        let (end, effects) = medium.startFrame(RadioFrame(id: 9, sender: rsu, payloadBytes: 105, x: 50, y: 0), at: .microseconds(5))
        #expect(effects.contains { if case let .schedule(t, _) = $0 { t.station == 1 && t.kind == .mediumIdle } else { false } })
        let heard = medium.endFrame(id: 9, now: end)
        #expect(heard.map(\.listener) == [.station(0), .station(1)])
        #expect(heard.allSatisfy { $0.outcome == .received })
        // Station 0 transmits while the RSU sends again: the RSU cannot hear it.
        let start = end + .milliseconds(1)
        let (end2, _) = medium.startFrame(RadioFrame(id: 11, sender: rsu, payloadBytes: 105, x: 50, y: 0), at: start)
        let (end0, _) = medium.startFrame(RadioFrame(id: 10, sender: 0, payloadBytes: 50, x: 0, y: 0), at: start + .microseconds(1))
        let atRSU = medium.endFrame(id: 10, now: end0).first { $0.listener == .fixed(0) }
        #expect(atRSU?.outcome == .halfDuplex)
        _ = medium.endFrame(id: 11, now: end2)
    }
}
