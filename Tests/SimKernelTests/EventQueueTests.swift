import SimKernel
import Testing

/// Every phase, in firing order.
let allPhases: [EventPhase] = [.sense, .decide, .broadcast, .deliver, .move, .ledger, .record]

/// Pops everything left in `queue`.
func drain<Payload>(_ queue: inout EventQueue<Payload>) -> [EventQueue<Payload>.Entry] {
    var out: [EventQueue<Payload>.Entry] = []
    while let entry = queue.pop() { out.append(entry) }
    return out
}

@Suite("EventQueue")
struct EventQueueTests {
    @Test("An empty queue pops nil, and so does a drained one")
    func empty() {
        var queue = EventQueue<Int>()
        #expect(queue.isEmpty && queue.count == 0 && queue.nextTime == nil)
        #expect(queue.pop() == nil)
        queue.schedule(1, at: .seconds(1))
        #expect(!queue.isEmpty && queue.count == 1 && queue.nextTime == .seconds(1))
        #expect(queue.pop()?.payload == 1)
        #expect(queue.pop() == nil)
        #expect(queue.pop() == nil)
        #expect(queue.isEmpty && queue.nextTime == nil)
    }

    @Test("Phases are ordered sense < decide < broadcast < deliver < move < ledger < record")
    func phaseOrder() {
        #expect(allPhases == allPhases.sorted())
        #expect(zip(allPhases, allPhases.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("Within one time, events fire in phase order whatever order they were scheduled in")
    func phasesWithinATime() {
        var queue = EventQueue<EventPhase>()
        for phase in allPhases.reversed() { queue.schedule(phase, at: .milliseconds(100), phase: phase) }
        queue.schedule(.sense, at: .milliseconds(200), phase: .sense)  // a later time comes after every phase
        let popped = drain(&queue)
        #expect(popped.map(\.payload) == allPhases + [.sense])
        #expect(popped.map(\.phase) == allPhases + [.sense])
    }

    @Test("The default phase is deliver")
    func defaultPhase() {
        var queue = EventQueue<String>()
        queue.schedule("default", at: .zero)
        queue.schedule("move", at: .zero, phase: .move)
        queue.schedule("broadcast", at: .zero, phase: .broadcast)
        #expect(drain(&queue).map(\.payload) == ["broadcast", "default", "move"])
    }

    @Test("Many events at equal times fire in insertion order")
    func fifoTies() {
        var queue = EventQueue<Int>()
        for i in 0..<1_000 { queue.schedule(i, at: .seconds(5), phase: .deliver) }
        let popped = drain(&queue)
        #expect(popped.map(\.payload) == Array(0..<1_000))
        #expect(popped.map(\.sequence) == popped.map(\.sequence).sorted())
    }

    @Test("Random insertions pop in the order of a stable sort by (time, phase)")
    func matchesStableSort() {
        for seed: UInt64 in 0..<50 {
            var random = RandomStream(seed: seed)
            var queue = EventQueue<Int>()
            var scheduled: [(time: SimTime, phase: EventPhase, index: Int)] = []
            // Few distinct times and phases, so most events tie with many others.
            for index in 0..<(200 + Int(random.integer(below: 300))) {
                let time = SimTime.milliseconds(Int64(random.integer(below: 8)) * 100)
                let phase = allPhases[Int(random.integer(below: UInt64(allPhases.count)))]
                queue.schedule(index, at: time, phase: phase)
                scheduled.append((time, phase, index))
            }
            #expect(queue.count == scheduled.count)
            // A stable sort, written out: ties keep insertion order because the index breaks them.
            let expected = scheduled.sorted {
                ($0.time, $0.phase.rawValue, $0.index) < ($1.time, $1.phase.rawValue, $1.index)
            }
            let popped = drain(&queue)
            #expect(popped.map(\.payload) == expected.map(\.index), "seed \(seed)")
            #expect(popped.map(\.time) == expected.map(\.time), "seed \(seed)")
        }
    }

    @Test("While a simulation schedules and pops, (time, phase) never goes down")
    func neverDecreases() {
        for seed: UInt64 in 0..<20 {
            var random = RandomStream(seed: seed)
            var queue = EventQueue<Int>()
            for i in 0..<50 {
                queue.schedule(i, at: .microseconds(Int64(random.integer(below: 1_000))), phase: .sense)
            }
            var last: (time: SimTime, phase: EventPhase, sequence: UInt64)? = nil
            var handled = 0
            var next = 50
            while let entry = queue.pop() {
                handled += 1
                #expect(queue.nextTime.map { $0 >= entry.time } ?? true, "seed \(seed)")
                if let last {
                    let ok = (last.time, last.phase.rawValue, last.sequence)
                        < (entry.time, entry.phase.rawValue, entry.sequence)
                    #expect(ok, "seed \(seed): \(last) then \(entry.time) \(entry.phase) \(entry.sequence)")
                }
                last = (entry.time, entry.phase, entry.sequence)
                // Like a handler: schedule follow-ups now or later, in this phase or a later one.
                if next < 3_000 {
                    for _ in 0..<Int(random.integer(below: 3)) {
                        let delay = SimTime.microseconds(Int64(random.integer(below: 4)) * 250)
                        let laterPhases = allPhases.filter { delay > .zero || $0 >= entry.phase }
                        let phase = laterPhases[Int(random.integer(below: UInt64(laterPhases.count)))]
                        queue.schedule(next, at: entry.time + delay, phase: phase)
                        next += 1
                    }
                }
            }
            #expect(handled == next, "seed \(seed)")
        }
    }

    @Test("nextTime is the time of the event pop returns")
    func nextTimeMatchesPop() {
        var random = RandomStream(seed: 7)
        var queue = EventQueue<Int>()
        for i in 0..<500 { queue.schedule(i, at: .nanoseconds(Int64(random.integer(below: 10_000)))) }
        while let time = queue.nextTime {
            #expect(queue.pop()?.time == time)
        }
        #expect(queue.isEmpty)
    }
}

extension SimTime {
    /// Test shorthand.
    static func nanoseconds(_ n: Int64) -> SimTime { SimTime(nanoseconds: n) }
}
