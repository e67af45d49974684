import SimKernel

/// The event kernel alone: a queue holding as many pending events as a 1000-vehicle run (one beacon and
/// a few frames per vehicle), each pop scheduling the next event at a random offset within 100 ms.
enum KernelBench {
    static func run(events: Int, pending: Int = 10_000, report: BenchReport) {
        var queue = EventQueue<Int>()
        var stream = RandomStream.derived(seed: 1, component: "bench-kernel")
        for i in 0..<pending {
            queue.schedule(i, at: SimTime(nanoseconds: Int64(stream.integer(below: 100_000_000))), phase: .broadcast)
        }
        var checksum = 0
        let timed = BenchClock.measure {
            for _ in 0..<events {
                guard let entry = queue.pop() else { break }
                checksum &+= entry.payload
                let offset = SimTime(nanoseconds: 1 + Int64(stream.integer(below: 100_000_000)))
                queue.schedule(entry.payload, at: entry.time + offset, phase: .broadcast)
            }
        }
        precondition(queue.count == pending && checksum != 0)
        report.emit("event_kernel", [("events", .integer(events)), ("pending", .integer(pending)),
                                     ("events_per_s", .number(Double(events) / timed.seconds, decimals: 0))])
    }
}
