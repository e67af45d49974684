import SimKernel
import Testing
import V2VCrypto
@testable import V2X

/// The pending-certificate hold (`p2p_hold`): a digest-signed CAM from an unknown signer waits for
/// the certificate, then is really verified; the hold is bounded in count and time.
@Suite("Pending-certificate hold")
struct CertificateHoldTests {
    let bench = P2PTestBench()

    @Test("a held CAM is verified and taken when its signer's certificate arrives, with the real wait")
    func resolvedOnCertificate() {
        let receiver = self.bench.station(9)
        let first = self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(101), to: receiver, message: 5)
        #expect(first.held)
        #expect(first.outcome == .rejected(.unknownSigner))
        #expect(receiver.heldCount == 1)
        #expect(receiver.neighbours[1] == nil)
        // The owner's next CAM carries its certificate: the held message goes through the verifier first.
        let trigger = self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(300), full: true), at: .milliseconds(301), to: receiver)
        #expect(!trigger.held)
        #expect(trigger.outcome == .accepted)
        #expect(trigger.resolved.count == 1)
        let held = trigger.resolved[0]
        #expect(held.ticket == HoldTicket(message: 5, distance: 100))
        #expect(held.resolution == .resolved)
        #expect(held.arrival == .milliseconds(101))
        #expect(held.verdict.outcome == .accepted)
        // Verified on the processor after the trigger (two modelled 120 µs verifications from 301 ms).
        #expect(held.verdict.timing?.done == .milliseconds(301) + .microseconds(240))
        #expect(receiver.heldCount == 0)
        // The newer claim (the trigger's) is the belief: the held one was taken first.
        #expect(receiver.neighbours[1]?.generationTime == .milliseconds(300))
    }

    @Test("the signature of a held message is really checked when it is released")
    func signatureChecked() throws {
        let receiver = self.bench.station(9)
        var bytes = self.bench.cam(by: 1, at: .milliseconds(100)).bytes
        bytes[bytes.count - 10] ^= 0x01
        let forged = try SignedEnvelope.decode(bytes)
        #expect(self.bench.deliver(forged, at: .milliseconds(101), to: receiver).held)
        let trigger = self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(300), full: true), at: .milliseconds(301), to: receiver)
        #expect(trigger.resolved.map(\.verdict.outcome) == [.rejected(.badSignature)])
    }

    @Test("freshness is judged when the held message is processed, with its real age")
    func freshnessAtRelease() {
        let receiver = self.bench.station(9) { $0.p2p.holdTime = .seconds(5) }
        #expect(self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(101), to: receiver).held)
        // Released 2.2 s after it was generated: older than the 2 s freshness window by then.
        let trigger = self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(2_300), full: true), at: .milliseconds(2_301), to: receiver)
        #expect(trigger.resolved.map(\.verdict.outcome) == [.rejected(.stale)])
    }

    @Test("the hold is bounded: a message beyond p2p_hold_limit evicts the oldest, rejected unknown_signer")
    func boundEvicts() {
        let receiver = self.bench.station(9) { $0.p2p.holdLimit = 4 }
        for k in 0..<4 {
            let t = SimTime.milliseconds(100 + 10 * Int64(k))
            let v = self.bench.deliver(self.bench.cam(by: UInt8(1 + k), at: t), at: t, to: receiver, message: UInt64(k))
            #expect(v.held && v.resolved.isEmpty)
        }
        let fifth = self.bench.deliver(self.bench.cam(by: 5, at: .milliseconds(150)), at: .milliseconds(150), to: receiver, message: 4)
        #expect(fifth.held)
        #expect(fifth.resolved.count == 1)
        #expect(fifth.resolved.first?.ticket.message == 0)
        #expect(fifth.resolved.first?.resolution == .evicted)
        #expect(fifth.resolved.first?.verdict.outcome == .rejected(.unknownSigner))
        #expect(fifth.resolved.first?.verdict.timing?.done == .milliseconds(150))
        #expect(receiver.heldCount == 4)
    }

    @Test("a held message expires after p2p_hold_time, decided at that moment whenever asked")
    func expiry() {
        let receiver = self.bench.station(9) { $0.p2p.holdTime = .seconds(1) }
        #expect(self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(101), to: receiver).held)
        #expect(receiver.expireHeld(at: .milliseconds(1_100)).isEmpty)
        let expired = receiver.expireHeld(at: .milliseconds(1_180))
        #expect(expired.count == 1)
        #expect(expired.first?.resolution == .expired)
        #expect(expired.first?.verdict.outcome == .rejected(.unknownSigner))
        #expect(expired.first?.verdict.timing?.done == .milliseconds(1_101))
        #expect(receiver.heldCount == 0)
        // The certificate arriving later resolves nothing.
        #expect(self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(1_300), full: true), at: .milliseconds(1_301), to: receiver)
            .resolved.isEmpty)
    }

    @Test("a vehicle that leaves the road rejects everything it holds")
    func departure() {
        let receiver = self.bench.station(9)
        self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(100), to: receiver)
        self.bench.deliver(self.bench.cam(by: 2, at: .milliseconds(110)), at: .milliseconds(110), to: receiver)
        let all = receiver.expireAllHeld(at: .milliseconds(400))
        #expect(all.map(\.verdict.timing?.done) == [.milliseconds(400), .milliseconds(400)])
        #expect(all.allSatisfy { $0.resolution == .expired && $0.verdict.outcome == .rejected(.unknownSigner) })
        #expect(receiver.heldCount == 0)
    }

    @Test("p2p_hold off: an unknown signer is rejected at once, as before")
    func off() {
        let receiver = self.bench.station(9) { $0.p2p.hold = false }
        let v = self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(101), to: receiver)
        #expect(!v.held)
        #expect(v.outcome == .rejected(.unknownSigner))
        #expect(receiver.heldCount == 0)
    }
}
