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
    /// Pending-certificate hold (IEEE 1609.2 lets a signed message wait for its signer's
    /// certificate): a digest-signed CAM from an unknown signer waits in a bounded per-station
    /// queue and is verified when the certificate arrives, instead of being rejected at once.
    public var hold = true
    /// Most messages one station holds; a new one beyond that evicts the oldest (rejected
    /// `unknown_signer`, counted as evicted).
    public var holdLimit = 32
    /// Longest a message is held; unresolved by then it is rejected `unknown_signer` (expired).
    public var holdTime: SimTime = .seconds(1)
    /// Any station that holds a requested certificate (verified, not revoked) may answer with it in
    /// the "requested certificate" field of its next CAM (1609.2 P2PCD's responder rule), not only
    /// its owner (ETSI TS 103 097's CAM profile).
    public var neighbourAnswers = true

    /// How many unanswered requests a station keeps (vanetza's `PeerRequestTracker` limit); a new
    /// one beyond that displaces the oldest.
    public static let pendingLimit = 16
    /// A request is dropped when its owner has not been heard (by digest) for this long: it has left.
    public static let requestLifetime: SimTime = .seconds(2)
    /// How many requests for others' certificates a station keeps waiting to answer; a new one
    /// beyond that displaces the oldest.
    public static let answerLimit = 16
    /// A neighbour's answer not sent within this long after the request is dropped: the requester
    /// asks again in its next CAMs if it still needs it.
    public static let answerLifetime: SimTime = .milliseconds(500)

    public init() {}
}

/// One station's side of peer-to-peer certificate distribution: the certificates it asks for,
/// whether a neighbour has asked for its own, and the certificates of others it may answer with.
///
/// An engine without I/O: the station tells it what it heard (`unknownSigner`, `heard`,
/// `certificateOnAir`, `neighbourRequested`) and asks it what to put in its next message
/// (`requestsForNextMessage`, `ownCertificateRequested`, `answerForNextMessage`). Every list is an
/// array in the order its entries arose, so what goes on air never depends on hash order.
public struct CertificateDistribution: Sendable, Codable {
    /// A certificate this station asks for.
    struct PendingRequest: Equatable, Sendable, Codable {
        let id: HashedId3
        /// When the unknown digest was last met.
        var lastNeeded: SimTime
        /// When the request last went on air, or was heard from another station; nil before that.
        var lastAsked: SimTime?
    }

    /// Another station's certificate, held here, that a neighbour asked for.
    struct PendingAnswer: Equatable, Sendable, Codable {
        let digest: CertificateDigest
        let requestedAt: SimTime
    }

    /// A certificate heard in full (as a message's signer or its requested certificate).
    struct HeardInFull: Equatable, Sendable, Codable {
        let id: HashedId3
        let at: SimTime
    }

    public let config: CertificateDistributionConfig
    private(set) var pending: [PendingRequest] = []
    /// Set when a neighbour asked for this station's certificate; cleared when it goes on air.
    public private(set) var ownCertificateRequested = false
    /// Requests for others' certificates this station may answer, oldest first (at most `answerLimit`).
    private(set) var answers: [PendingAnswer] = []
    /// Certificates heard in full within the last `answerInterval`, oldest first: a request for one
    /// of them is not answered (1609.2's observed response), it most likely crossed it in the air.
    private(set) var recentlyInFull: [HeardInFull] = []

    public init(config: CertificateDistributionConfig) {
        self.config = config
    }

    /// The certificates this station is waiting for, oldest first.
    public var pendingRequests: [HashedId3] { self.pending.map(\.id) }

    /// The others' certificates this station means to answer with, oldest request first.
    public var pendingAnswers: [CertificateDigest] { self.answers.map(\.digest) }

    /// Whether this station is asking for the certificate `id`.
    public func isRequesting(_ id: HashedId3) -> Bool { self.pending.contains { $0.id == id } }

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
    ///   - certificates: the digests of the full certificates it carried (signer, requested
    ///     certificate) that the receiver now holds; those requests are satisfied and dropped,
    ///     whoever asked for them.
    ///   - own: this station's own certificate digest.
    ///   - ownLastSent: when this station last put its certificate on air.
    public mutating func heard(
        requests: [HashedId3], certificates: [CertificateDigest], own: CertificateDigest, ownLastSent: SimTime?,
        at now: SimTime
    ) {
        guard self.config.enabled else { return }
        for certificate in certificates {
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

    /// A certificate went on air in full at `now` (heard here, or sent by this station as an
    /// answer): nobody needs it answered again for `answerInterval`, so a pending answer with it is
    /// dropped (1609.2's observed-response suppression).
    public mutating func certificateOnAir(_ digest: CertificateDigest, at now: SimTime) {
        guard self.config.enabled, self.config.neighbourAnswers else { return }
        let id = digest.hashedId3
        self.answers.removeAll { $0.digest.hashedId3 == id }
        self.forgetInFull(before: now - self.config.answerInterval)
        self.recentlyInFull.removeAll { $0.id == id }
        // Bounded whatever the traffic: at 10 Hz from a few hundred neighbours, the window holds tens.
        if self.recentlyInFull.count >= Self.inFullLimit { self.recentlyInFull.removeFirst() }
        self.recentlyInFull.append(HeardInFull(id: id, at: now))
    }

    /// Most entries of `recentlyInFull`; beyond it the oldest is forgotten (and may be answered again).
    static let inFullLimit = 64

    /// A neighbour asked at `now` for the certificate `digest`, which this station holds and which is
    /// not its own: answer with it in the next CAM, unless it was heard in full within
    /// `answerInterval` or an answer with it is already pending.
    public mutating func neighbourRequested(_ digest: CertificateDigest, at now: SimTime) {
        guard self.config.enabled, self.config.neighbourAnswers else { return }
        let id = digest.hashedId3
        self.forgetInFull(before: now - self.config.answerInterval)
        guard !self.recentlyInFull.contains(where: { $0.id == id }), !self.answers.contains(where: { $0.digest == digest })
        else { return }
        if self.answers.count >= CertificateDistributionConfig.answerLimit { self.answers.removeFirst() }
        self.answers.append(PendingAnswer(digest: digest, requestedAt: now))
    }

    /// The certificate to answer with in a message generated at `now`: the oldest pending answer
    /// requested within `answerLifetime`, nil without one. It counts as on air from then on.
    public mutating func answerForNextMessage(at now: SimTime) -> CertificateDigest? {
        guard self.config.enabled, self.config.neighbourAnswers, !self.answers.isEmpty else { return nil }
        self.answers.removeAll { now - $0.requestedAt >= CertificateDistributionConfig.answerLifetime }
        guard let first = self.answers.first else { return nil }
        self.certificateOnAir(first.digest, at: now)
        return first.digest
    }

    private mutating func forgetInFull(before cutoff: SimTime) {
        if let k = self.recentlyInFull.firstIndex(where: { $0.at >= cutoff }) {
            if k > 0 { self.recentlyInFull.removeFirst(k) }
        } else {
            self.recentlyInFull.removeAll()
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
