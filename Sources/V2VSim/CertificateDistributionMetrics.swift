import Histogram
import SimKernel
import V2X

/// What peer-to-peer certificate distribution cost and did in a run: bytes on air, requests and
/// answers sent, and the pending-certificate hold's bookkeeping. Every held message ends in
/// exactly one of `resolved`, `expired`, `evicted`, or is still held at the end (`heldAtEnd`).
struct CertificateDistributionMetrics: Codable {
    /// Bytes of every V2V message sent (CAMs, DENMs; uplink frames are counted apart).
    var messageBytes = 0
    /// CAMs that carried at least one certificate request.
    var messagesWithRequests = 0
    /// CAMs that carried another station's certificate (a non-owner's answer), and their bytes.
    var answersSent = 0
    var answerMessageBytes = 0
    /// Receptions that went into the pending-certificate hold.
    var held = 0
    /// Held messages whose certificate arrived (verified then), and how many of those were accepted.
    var resolved = 0
    var resolvedAccepted = 0
    /// Held messages rejected `unknown_signer` after `p2p_hold_time` (or when their receiver left the road).
    var expired = 0
    /// Held messages rejected `unknown_signer` because the hold was full.
    var evicted = 0
    /// Arrival → decision of resolved messages [µs].
    var holdWait = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)

    mutating func noteSent(_ envelope: SignedEnvelope) {
        self.messageBytes += envelope.bytes.count
        if !envelope.requests.isEmpty { self.messagesWithRequests += 1 }
        if envelope.requestedCertificate != nil {
            self.answersSent += 1
            self.answerMessageBytes += envelope.bytes.count
        }
    }

    mutating func noteLeft(_ held: HeldVerdict) {
        switch held.resolution {
        case .resolved:
            self.resolved += 1
            if held.verdict.outcome.isUsable { self.resolvedAccepted += 1 }
            if let done = held.verdict.timing?.done {
                self.holdWait.record(UInt64(max(0, (done - held.arrival).nanoseconds)) / 1_000)
            }
        case .expired: self.expired += 1
        case .evicted: self.evicted += 1
        }
    }

    /// The hold-wait percentile [ms], nil without resolved messages.
    func holdWaitPercentile(_ p: Double) -> Double? {
        guard self.holdWait.totalCount > 0 else { return nil }
        return Double(self.holdWait.valueAtPercentile(p)) / 1_000
    }
}
