import SimKernel

/// Settings of peer-to-peer certificate distribution (`security.p2p_*` in a scenario).
///
/// The mechanism is IEEE 1609.2's "inline" P2PCD as ETSI TS 103 097 §7.1.1 profiles it for CAMs:
/// `inlineP2pcdRequest` carries the requests, the owner's next CAM carries its certificate. The
/// limits and their sources are in docs/wire-format.md ("Peer-to-peer certificate distribution").
public struct CertificateDistributionConfig: Hashable, Sendable, Codable {
    /// Whether receivers ask for unknown certificates and owners answer; `false` is v2vsim before
    /// version 2 of the wire format: an unknown digest waits for the sender's periodic certificate.
    public var enabled = true
    /// At most this many HashedId3 in one message's request list (the wire allows 16).
    public var maxRequestsPerMessage = 8
    /// A pending request goes on air again only after this long without an answer; the same wait
    /// follows a request for the same certificate heard from another station (1609.2's observed request).
    /// A request costs 3 bytes, so the default asks in every CAM (10 Hz) until answered: the
    /// request must cross the same lossy link as the answer, and asking again is what gets it across.
    public var requestRepeat: SimTime = .milliseconds(100)
    /// An owner answers a request only if its certificate has not been on air for this long: a
    /// request heard sooner most likely crossed the certificate in the air.
    public var answerInterval: SimTime = .milliseconds(200)

    /// How many unanswered requests a station keeps (vanetza's `PeerRequestTracker` limit); a new
    /// one beyond that displaces the oldest.
    public static let pendingLimit = 16
    /// A request is dropped when its owner has not been heard (by digest) for this long: it has left.
    public static let requestLifetime: SimTime = .seconds(2)

    public init() {}
}

/// One station's side of peer-to-peer certificate distribution: the certificates it asks for,
/// and whether a neighbour has asked for its own.
///
/// An engine without I/O: the station tells it what it heard (`unknownSigner`, `heard`) and asks
/// it what to put in its next message (`requestsForNextMessage`, `ownCertificateRequested`).
/// Pending requests are an array in the order they were first needed, so what goes on air never
/// depends on hash order.
public struct CertificateDistribution: Sendable, Codable {
    /// A certificate this station asks for.
    struct PendingRequest: Equatable, Sendable, Codable {
        let id: HashedId3
        /// When the unknown digest was last met.
        var lastNeeded: SimTime
        /// When the request last went on air, or was heard from another station; nil before that.
        var lastAsked: SimTime?
    }

    public let config: CertificateDistributionConfig
    private(set) var pending: [PendingRequest] = []
    /// Set when a neighbour asked for this station's certificate; cleared when it goes on air.
    public private(set) var ownCertificateRequested = false

    public init(config: CertificateDistributionConfig) {
        self.config = config
    }

    /// The certificates this station is waiting for, oldest first.
    public var pendingRequests: [HashedId3] { self.pending.map(\.id) }

    /// A message signed by the certificate `digest`, unknown here, arrived at `now`: ask for it.
    public mutating func unknownSigner(_ digest: CertificateDigest, at now: SimTime) {
        guard self.config.enabled else { return }
        let id = digest.hashedId3
        if let k = self.pending.firstIndex(where: { $0.id == id }) {
            // Still heard, still unknown: keep asking (the repeat limit still holds).
            self.pending[k].lastNeeded = now
            return
        }
        if self.pending.count >= CertificateDistributionConfig.pendingLimit { self.pending.removeFirst() }
        self.pending.append(PendingRequest(id: id, lastNeeded: now, lastAsked: nil))
    }

    /// What a message arriving at `now` says to the distribution.
    ///
    /// - Parameters:
    ///   - requests: the message's request list.
    ///   - certificate: the digest of the full certificate it carried, if the receiver now holds it
    ///     (an owner's answer or its periodic certificate); that request is satisfied and dropped,
    ///     whoever asked for it.
    ///   - own: this station's own certificate digest.
    ///   - ownLastSent: when this station last put its certificate on air.
    public mutating func heard(
        requests: [HashedId3], certificate: CertificateDigest?, own: CertificateDigest, ownLastSent: SimTime?,
        at now: SimTime
    ) {
        guard self.config.enabled else { return }
        if let certificate {
            let id = certificate.hashedId3
            self.pending.removeAll { $0.id == id }
        }
        guard !requests.isEmpty else { return }
        let ownID = own.hashedId3
        for id in requests {
            if id == ownID {
                // Answer once per interval: a request that arrives this soon after our certificate
                // was sent was most likely made before it arrived.
                let recentlySent = ownLastSent.map { now - $0 < self.config.answerInterval } ?? false
                if !recentlySent { self.ownCertificateRequested = true }
            } else if let k = self.pending.firstIndex(where: { $0.id == id }) {
                // Someone else asked for the certificate we wait for: its owner answers both of us,
                // so our own request waits as if we had just sent it.
                self.pending[k].lastAsked = now
            }
        }
    }

    /// The requests to put in a message generated at `now`: pending requests not asked for within
    /// `requestRepeat`, oldest first, at most `maxRequestsPerMessage`. Marks them asked.
    public mutating func requestsForNextMessage(at now: SimTime) -> [HashedId3] {
        guard self.config.enabled, !self.pending.isEmpty else { return [] }
        self.pending.removeAll { now - $0.lastNeeded >= CertificateDistributionConfig.requestLifetime }
        var out: [HashedId3] = []
        for k in self.pending.indices where out.count < self.config.maxRequestsPerMessage {
            if let asked = self.pending[k].lastAsked, now - asked < self.config.requestRepeat { continue }
            self.pending[k].lastAsked = now
            out.append(self.pending[k].id)
        }
        return out
    }

    /// The station's certificate went on air (for whatever reason): any request for it is answered.
    public mutating func ownCertificateSent() {
        self.ownCertificateRequested = false
    }

    /// The station took a new pseudonym: requests for the old certificate no longer need answering.
    public mutating func pseudonymChanged() {
        self.ownCertificateRequested = false
    }
}
