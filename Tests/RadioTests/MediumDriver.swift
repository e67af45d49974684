import Radio
import SimKernel

/// A minimal driver for `RadioMedium`, shaped like `Simulation`'s routing: an event queue, stations
/// that beacon at a fixed period from random phases, and a tally of what the medium reported.
/// Tests drive the engine through it with fake time and no crypto.
struct MediumDriver {
    enum Event {
        case beacon(Int)
        case ready(Int)
        case timer(RadioTimer)
        case frameEnd(UInt64)
    }

    var medium: RadioMedium
    var queue = EventQueue<Event>()
    var nextFrameID: UInt64 = 0
    var receptions: [UInt64: [Reception]] = [:]
    var outcomeCounts: [RadioOutcome: Int] = [:]
    var framesSent = 0
    let period: SimTime
    let payloadBytes: Int

    /// Stations on a straight `lanes`-lane road of `length` metres, evenly spaced per lane, all
    /// beaconing every `period` from phases drawn from `seed`.
    init(
        config: RadioConfig, stations: Int, length: Double, lanes: Int = 3, period: SimTime = .milliseconds(100),
        payloadBytes: Int = 300, seed: UInt64 = 42
    ) {
        self.medium = RadioMedium(config: config, seed: seed, fixedRange: 600)
        self.period = period
        self.payloadBytes = payloadBytes
        var positions: [StationPosition] = []
        let perLane = (stations + lanes - 1) / lanes
        for s in 0..<stations {
            let lane = s % lanes
            let slot = s / lanes
            positions.append(StationPosition(
                station: s, x: (Double(slot) + 0.5 * Double(lane) / Double(lanes)) * length / Double(perLane),
                y: 1.75 + 3.5 * Double(lane)))
        }
        self.medium.updateStations(positions)
        var phases = RandomStream.derived(seed: seed, component: "test-phase")
        for s in 0..<stations {
            self.queue.schedule(.beacon(s), at: SimTime(nanoseconds: Int64(phases.integer(below: UInt64(period.nanoseconds)))))
        }
    }

    /// Runs until `end`; beacons are ready for the MAC 50 µs after they are due (signing).
    mutating func run(until end: SimTime) {
        while let entry = self.queue.pop(), entry.time <= end {
            let now = entry.time
            switch entry.payload {
            case let .beacon(s):
                self.queue.schedule(.ready(s), at: now + .microseconds(50), phase: .broadcast)
                self.queue.schedule(.beacon(s), at: now + self.period, phase: .broadcast)
            case let .ready(s):
                self.apply(self.medium.frameReady(station: s, tag: UInt64(s), now: now), now: now)
            case let .timer(timer):
                self.apply(self.medium.timerFired(timer, now: now), now: now)
            case let .frameEnd(id):
                let r = self.medium.endFrame(id: id, now: now)
                for reception in r { self.outcomeCounts[reception.outcome, default: 0] += 1 }
                self.receptions[id] = r
            }
        }
    }

    mutating func apply(_ effects: [RadioEffect], now: SimTime) {
        for effect in effects {
            switch effect {
            case let .schedule(timer, at): self.queue.schedule(.timer(timer), at: at, phase: .broadcast)
            case .queueDrop: break
            case let .transmit(station, _): self.send(station: station, at: now)
            }
        }
    }

    /// Puts a frame of `station` on air at `start` (as `Simulation.transmit` does).
    mutating func send(station: Int, at start: SimTime) {
        let position = self.position(of: station)
        let frame = RadioFrame(id: self.nextFrameID, sender: station, payloadBytes: self.payloadBytes, x: position.x, y: position.y)
        self.nextFrameID += 1
        self.framesSent += 1
        let (end, effects) = self.medium.startFrame(frame, at: start)
        for effect in effects {
            if case let .schedule(timer, at) = effect { self.queue.schedule(.timer(timer), at: at, phase: .broadcast) }
        }
        self.queue.schedule(.frameEnd(frame.id), at: end, phase: .deliver)
    }

    func position(of station: Int) -> (x: Double, y: Double) { self.medium.position(of: station)! }
}
