import V2X

/// What peer-to-peer certificate distribution cost and did in a run (`RunSummary.certificates`).
///
/// Every reception that went into a station's pending-certificate hold is in exactly one of
/// `resolved`, `expired`, `evicted` or `heldAtEnd`: nothing leaves the hold unaccounted for.
public struct CertificateDistributionSummary: Sendable, Equatable {
    /// Bytes of every V2V message sent (CAMs, DENMs), and their mean [B].
    public var messageBytes = 0
    public var meanMessageBytes: Double?
    /// CAMs that carried certificate requests.
    public var messagesWithRequests = 0
    /// CAMs that carried another station's certificate (answers sent by non-owners), and their mean size [B].
    public var neighbourAnswers = 0
    public var meanAnswerMessageBytes: Double?
    /// Receptions held for their signer's certificate, and how each left the hold.
    public var held = 0
    public var resolved = 0
    /// Resolved messages that the verifier and checks then accepted.
    public var resolvedAccepted = 0
    public var expired = 0
    public var evicted = 0
    /// Still held when the run ended (not counted as accepted or rejected).
    public var heldAtEnd = 0
    /// Arrival → decision of resolved messages [ms].
    public var holdWaitP50: Double?
    public var holdWaitP95: Double?

    public init() {}

    /// Key/value pairs for the trace's meta table.
    var metaEntries: [String: String] {
        var m = [
            "summary.p2p.message_bytes": String(self.messageBytes),
            "summary.p2p.messages_with_requests": String(self.messagesWithRequests),
            "summary.p2p.neighbour_answers": String(self.neighbourAnswers),
            "summary.p2p.held": String(self.held),
            "summary.p2p.resolved": String(self.resolved),
            "summary.p2p.resolved_accepted": String(self.resolvedAccepted),
            "summary.p2p.expired": String(self.expired),
            "summary.p2p.evicted": String(self.evicted),
            "summary.p2p.held_at_end": String(self.heldAtEnd),
        ]
        if let p50 = self.holdWaitP50 { m["summary.p2p.hold_wait_p50_ms"] = DecimalFormat.fixed(p50, 3) }
        if let p95 = self.holdWaitP95 { m["summary.p2p.hold_wait_p95_ms"] = DecimalFormat.fixed(p95, 3) }
        return m
    }
}

extension Simulation {
    func certificateDistributionSummary() -> CertificateDistributionSummary {
        let m = self.metrics.certificateDistribution
        var s = CertificateDistributionSummary()
        s.messageBytes = m.messageBytes
        s.meanMessageBytes = self.metrics.messagesSent > 0 ? Double(m.messageBytes) / Double(self.metrics.messagesSent) : nil
        s.messagesWithRequests = m.messagesWithRequests
        s.neighbourAnswers = m.answersSent
        s.meanAnswerMessageBytes = m.answersSent > 0 ? Double(m.answerMessageBytes) / Double(m.answersSent) : nil
        s.held = m.held
        s.resolved = m.resolved
        s.resolvedAccepted = m.resolvedAccepted
        s.expired = m.expired
        s.evicted = m.evicted
        s.heldAtEnd = self.heldAtEnd
        s.holdWaitP50 = m.holdWaitPercentile(50)
        s.holdWaitP95 = m.holdWaitPercentile(95)
        return s
    }
}
