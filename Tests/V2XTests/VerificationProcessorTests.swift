import SimKernel
import Testing
import V2X

@Suite("Verification processor queue")
struct VerificationProcessorTests {
    @Test("FIFO: each verification starts when the previous one is done")
    func fifo() {
        var p = VerificationProcessor(capacity: 10)
        let cost = SimTime.microseconds(100)
        let a = p.admit(arrival: .zero, cost: cost)!
        let b = p.admit(arrival: .microseconds(10), cost: cost)!
        let c = p.admit(arrival: .microseconds(500), cost: cost)!
        #expect(a.start == .zero && a.done == .microseconds(100))
        #expect(b.start == .microseconds(100) && b.done == .microseconds(200))
        #expect(c.start == .microseconds(500), "an idle processor starts at once")
    }

    @Test("a full queue drops the newcomer and counts it; the queue drains with time")
    func overflow() {
        var p = VerificationProcessor(capacity: 2)
        let cost = SimTime.milliseconds(1)
        #expect(p.admit(arrival: .zero, cost: cost) != nil)  // in service
        #expect(p.admit(arrival: .zero, cost: cost) != nil)  // waiting 1
        #expect(p.admit(arrival: .zero, cost: cost) != nil)  // waiting 2
        #expect(p.admit(arrival: .zero, cost: cost) == nil)
        #expect(p.dropped == 1)
        #expect(p.waiting(at: .zero) == 2)
        // At 1 ms the first waiting one starts: one slot frees.
        #expect(p.waiting(at: .milliseconds(1)) == 1)
        #expect(p.admit(arrival: .milliseconds(1), cost: cost)?.start == .milliseconds(3))
    }
}
