import SimKernel
import V2VCrypto

/// The V2X station of one vehicle: its credentials and pseudonym schedule, verifier and modelled
/// processor queue, neighbour table and beliefs, pseudonym linking, misbehaviour detection, hazard
/// beliefs, what it signs with, and (for an attacker) its attack.
///
/// An engine in the manner of `ConsensusNode`: no I/O and no ground truth. The simulation hands it
/// frames (`receive`) and asks it what to send (`signer(at:)`, `attackFrame`, ...); it answers with
/// values (`ReceptionVerdict`, envelopes, reports) that the simulation routes, records and scores.
/// A class, because a vehicle's station is one identity that lives as long as the vehicle and is
/// changed in place on every reception (its caches must not be copied).
public final class VehicleStation: Codable {
    /// The vehicle this station belongs to (its raw id).
    public let vehicle: UInt32
    public package(set) var config: SecurityConfig
    /// Current pseudonym: signing key, certificate and the station id carried in messages.
    public private(set) var key: SigningKey
    public private(set) var certificate: Certificate
    public private(set) var stationID: UInt32
    /// How many pseudonyms this vehicle had before the current one.
    public private(set) var pseudonymIndex = 0
    /// When the next pseudonym change is due; nil without a schedule.
    public private(set) var nextPseudonymChange: SimTime?
    var verifier: StationVerifier
    /// When the verification processor is next free (a FIFO queue of modelled verify costs).
    var processor: VerificationProcessor
    /// When the full certificate was last sent; nil before the first message.
    var lastCertificateSent: SimTime?
    /// Set when a previously unknown station was heard, as IEEE 1609.2 asks: send the full
    /// certificate next so that the newcomer can verify us.
    var certificateRequested = false
    /// Peer-to-peer certificate distribution: the certificates this station asks for, and whether
    /// a neighbour asked for its own.
    public internal(set) var distribution: CertificateDistribution
    /// Digest-signed CAMs from unknown signers waiting for their certificate (`p2p_hold`).
    var hold = PendingCertificateHold()
    /// Stations (by certificate digest) heard, with when each was last heard; a station silent for
    /// longer than `stationRetention` is forgotten and counts as new when heard again.
    var heardStations: [CertificateDigest: SimTime] = [:]
    /// How long a station that is no longer heard keeps its `heardStations` entry and cached
    /// certificate (swept by `forgetBeliefs`). At 250 km/h closing speed two vehicles move 2 km
    /// apart in 30 s, far out of radio range, so a longer memory would buy nothing.
    public static let stationRetention: SimTime = .seconds(30)
    /// When the certificate cache and `heardStations` were last swept (`forgetBeliefs`).
    var lastSweep: SimTime = .zero
    /// When the vehicle entered the road.
    public let admittedAt: SimTime
    /// The vehicle's attack, if it is an attacker.
    public internal(set) var attack: AttackState?
    /// Beliefs per station id, from accepted messages.
    public internal(set) var neighbours: [UInt32: NeighbourBelief] = [:]
    /// Beliefs (station id → their generation time) that a new station was linked to as its old
    /// pseudonym and then rejected against. Rejected claims are not stored, so without this the
    /// same stale belief would be linked, and the same vehicle rejected, on each of its beacons
    /// until the belief expires. A newer belief about that station may be linked again.
    /// Looked up and filtered only; nothing depends on its order.
    var refusedLinks: [UInt32: SimTime] = [:]
    /// Misbehaviour detection's memory of each station heard (its latest claim, Kalman track and
    /// window of doubts), kept for `detection.history_retention` after it was last heard.
    /// Looked up only; swept with the other caches.
    var senders: [UInt32: SenderHistory] = [:]
    /// The learned detector this station scores CAMs with, and whether it hands out feature vectors
    /// (not checkpointed: see `DetectorSlot`).
    var detectorSlot = DetectorSlot()
    /// Recent claims by content, with the first station heard sending each (`duplicate` check).
    var recentClaims = RecentClaims()
    /// This receiver's own channel load and beacon losses, for the appearance and overlap checks.
    var load = ReceptionLoad()
    /// Hazards warned about by accepted DENMs, in arrival order.
    public internal(set) var hazards: [HazardBelief] = []
    /// Warnings this station found implausible; their repetitions are rejected. Looked up, never iterated.
    var refutedHazards: Set<HazardKey> = []

    /// A station with its first pseudonym.
    ///
    /// - Parameters:
    ///   - vehicle: the vehicle's raw id, also the station id of the first pseudonym.
    ///   - verifier: the station's verifier (trusted CA, revocation list).
    ///   - nextPseudonymChange: when the first change is due; nil keeps one pseudonym.
    public init(
        vehicle: UInt32, key: SigningKey, certificate: Certificate, verifier: StationVerifier, admittedAt: SimTime,
        nextPseudonymChange: SimTime? = nil, attack: AttackState? = nil
    ) {
        self.vehicle = vehicle
        self.config = verifier.config
        self.key = key
        self.certificate = certificate
        self.stationID = vehicle
        self.verifier = verifier
        self.processor = VerificationProcessor(capacity: verifier.config.queueCapacity)
        self.distribution = CertificateDistribution(config: verifier.config.p2p)
        self.admittedAt = admittedAt
        self.nextPseudonymChange = nextPseudonymChange
        self.attack = attack
    }

    /// Points this station's verifier at the run's shared revocation list (after a checkpoint
    /// restored the station, which does not store the list).
    public func linkRevocations(_ list: RevocationList) {
        self.verifier.revocations = list
    }

    /// Takes new security settings mid-run (a what-if resumed from a checkpoint): what to verify,
    /// freshness and detection thresholds apply from the next message on.
    package func adopt(security: SecurityConfig) {
        self.config = security
        self.verifier.config = security
    }

    /// Makes this station score CAMs with `detector` in place of the rules' fused confidence (nil:
    /// the rules), and, with `collectingFeatures`, put each CAM's feature vector in its verdict.
    /// The per-sender window, tracks and reports work as before on that score.
    public func useDetector(_ detector: LearnedDetector?, collectingFeatures: Bool = false) {
        self.detectorSlot = DetectorSlot(detector, collectingFeatures: collectingFeatures)
    }

    /// The digest of the detector that decides this station's CAM verdicts and that its reports name.
    public var detectorDigest: Digest { self.detectorSlot.detector?.digest ?? LearnedDetector.ruleBasedDigest }

    /// Whether plausibility checks run: detection on and verification `full`.
    var detects: Bool { self.config.detection.enabled && self.config.verify == .full }

    // MARK: Sending

    /// The signer field for a message generated at `now`: the full certificate on the first message,
    /// at least once a second (vanetza's 1 s − 50 ms rule), after a new neighbour appeared and when a
    /// neighbour asked for it (peer-to-peer distribution); otherwise the 8-byte digest.
    public func signer(at now: SimTime) -> SignerIdentifier {
        let due = self.lastCertificateSent.map { now - $0 >= .milliseconds(950) } ?? true
        if due || self.certificateRequested || self.distribution.ownCertificateRequested {
            self.lastCertificateSent = now
            self.certificateRequested = false
            self.distribution.ownCertificateSent()
            return .certificate(self.certificate)
        }
        return .digest(self.certificate.digest)
    }

    /// The header of a CAM generated at `now`: its signer (`signer(at:)`), the certificates it
    /// asks for, and at most one certificate of another station that a neighbour asked for
    /// (`p2p_neighbour_answers`). Only CAMs carry requests and answers, as in ETSI TS 103 097 §7.1.1.
    public func camHeader(at now: SimTime) -> CAMHeader {
        let signer = self.signer(at: now)
        let requests = self.distribution.requestsForNextMessage(at: now)
        var answer: Certificate?
        // A pending answer whose certificate was forgotten, expired or revoked meanwhile is skipped.
        while answer == nil, let digest = self.distribution.answerForNextMessage(at: now) {
            answer = self.verifier.answerable(digest, at: now)
        }
        return CAMHeader(signer: signer, requests: requests, requestedCertificate: answer)
    }

    /// Signs `payload` as a message of `type` generated at `now`, with the signer `signer(at:)`
    /// chooses and, for a CAM, the pending certificate requests.
    public func sign(type: MessageType, payload: [UInt8], at now: SimTime) -> (envelope: SignedEnvelope, signer: SignerIdentifier) {
        let header = type == .cam ? self.camHeader(at: now) : CAMHeader(signer: self.signer(at: now))
        let envelope = SignedEnvelope.sign(
            type: type, generationTime: now, signer: header.signer, requests: header.requests,
            requestedCertificate: header.requestedCertificate, payload: payload, key: self.key)
        return (envelope, header.signer)
    }

    // MARK: Pseudonyms

    /// Whether the scheduled pseudonym change is due at `now`.
    public func pseudonymChangeDue(at now: SimTime) -> Bool {
        guard let due = self.nextPseudonymChange else { return false }
        return now >= due
    }

    /// Takes the next pseudonym: key, certificate and station id change at once (ETSI TR 103 415:
    /// change every identifier together), and the next message carries the full certificate, since
    /// no neighbour knows the new digest.
    public func adoptPseudonym(key: SigningKey, certificate: Certificate, nextChange: SimTime?) {
        self.pseudonymIndex += 1
        self.key = key
        self.certificate = certificate
        // Station ids of later pseudonyms have the top bit set, so they never clash with the
        // first-pseudonym ids (vehicle numbers).
        self.stationID = 0x8000_0000 | UInt32(truncatingIfNeeded: certificate.digest.raw & 0x7FFF_FFFF)
        self.lastCertificateSent = nil
        self.distribution.pseudonymChanged()
        self.nextPseudonymChange = nextChange
    }

    // MARK: Forgetting

    /// Drops beliefs generated before `cutoff`.
    public func forgetBeliefs(before cutoff: SimTime) {
        // Caches of stations heard are swept once per freshness window: a station not heard for
        // `stationRetention` is forgotten, so memory follows the stations around, not all stations
        // ever met. The retention is long next to the 1 s full-certificate period on purpose: a
        // station briefly out of range (a lost beacon, a truck in between) must not become a
        // newcomer whose digest-signed messages are `unknown_signer` until its next certificate.
        if cutoff - self.lastSweep >= self.config.freshness {
            self.lastSweep = cutoff
            let forgetBefore = cutoff - Self.stationRetention
            if !self.heardStations.isEmpty {
                self.heardStations = self.heardStations.filter { $0.value >= forgetBefore }
            }
            self.verifier.forgetCertificates(heardBefore: forgetBefore)
        }
        // Detection histories outlive beliefs (a car whose beacons were lost is not new when heard
        // again) but not `history_retention` after the sender was last heard; `cutoff` is now − freshness.
        let forgetSendersBefore = cutoff + self.config.freshness - self.config.detection.historyRetention
        if !self.senders.isEmpty, self.senders.values.contains(where: { $0.lastHeard < forgetSendersBefore }) {
            self.senders = self.senders.filter { $0.value.lastHeard >= forgetSendersBefore }
        }
        guard !self.neighbours.isEmpty else { return }
        // Rebuilt only when some belief did expire: this runs for every vehicle and traffic step,
        // and with neighbours beaconing at 10 Hz most steps expire nothing, where the filter still
        // built a new dictionary. Nothing reads the table's order, so keeping it changes nothing.
        if self.neighbours.values.contains(where: { $0.generationTime < cutoff }) {
            self.neighbours = self.neighbours.filter { $0.value.generationTime >= cutoff }
        }
        if !self.refusedLinks.isEmpty {
            self.refusedLinks = self.refusedLinks.filter { self.neighbours[$0.key]?.generationTime == $0.value }
        }
    }

    /// Forgets what it believes about `station` (a vehicle that left the simulated road).
    public func forget(station: UInt32) {
        self.neighbours[station] = nil
    }

    /// Drops every accepted hazard warning generated before `cutoff` (ETSI validityDuration).
    public func expireHazards(before cutoff: SimTime) {
        guard !self.hazards.isEmpty else { return }
        self.hazards.removeAll { $0.envelope.generationTime < cutoff }
    }

    // MARK: Perception

    /// The nearest vehicle believed to be ahead in `lane` of a front bumper at road position `x`, as
    /// of `now`, extrapolated at its claimed speed along `road`: (gap, speed, station).
    public func believedLeader<Road: StationRoad>(
        lane: Int, x: Double, now: SimTime, road: Road
    ) -> (gap: Double, speed: Double, station: UInt32)? {
        var best: (gap: Double, speed: Double, station: UInt32)?
        for (station, belief) in self.neighbours {
            guard let gap = belief.leaderGap(lane: lane, x: x, now: now, road: road) else { continue }
            // Ties on gap go to the lower station id so the answer never depends on dictionary order.
            if best == nil || gap < best!.gap || (gap == best!.gap && station < best!.station) {
                best = (gap, belief.broadcast.speed, station)
            }
        }
        return best
    }

    /// Whether `station` is what `believedLeader(lane:x:now:road:)` would answer, without the full
    /// search in the common case: a station in another lane or behind is never the leader, so
    /// most receptions are answered from the claim alone.
    public func isBelievedLeader<Road: StationRoad>(
        _ station: UInt32, lane: Int, x: Double, now: SimTime, road: Road
    ) -> Bool {
        guard let belief = self.neighbours[station], let own = belief.leaderGap(lane: lane, x: x, now: now, road: road)
        else { return false }
        for (other, b) in self.neighbours where other != station {
            guard let gap = b.leaderGap(lane: lane, x: x, now: now, road: road) else { continue }
            if gap < own || (gap == own && other < station) { return false }
        }
        return true
    }

    /// The nearest warned-about obstacle ahead of a front bumper at road position `position` in
    /// `lane`, among warnings usable at `now`: (gap to its rear, its index in `hazards`).
    public func warnedHazard<Road: StationRoad>(
        lane: Int, position: Double, now: SimTime, road: Road
    ) -> (gap: Double, index: Int)? {
        var best: (gap: Double, index: Int)?
        for (k, belief) in self.hazards.enumerated() where belief.availableAt <= now && Int(belief.warning.lane) == lane {
            guard let gap = belief.gap(from: position, road: road) else { continue }
            if best == nil || gap < best!.gap
                || (gap == best!.gap && belief.warning.hazardID < self.hazards[best!.index].warning.hazardID) {
                best = (gap, k)
            }
        }
        return best
    }
}

/// What a station puts in the header of a message it signs (`VehicleStation.camHeader(at:)`).
public struct CAMHeader: Hashable, Sendable {
    public var signer: SignerIdentifier
    /// HashedId3 of the certificates it asks for.
    public var requests: [HashedId3] = []
    /// Another station's certificate it hands out because a neighbour asked for it.
    public var requestedCertificate: Certificate?

    public init(signer: SignerIdentifier, requests: [HashedId3] = [], requestedCertificate: Certificate? = nil) {
        self.signer = signer
        self.requests = requests
        self.requestedCertificate = requestedCertificate
    }
}
