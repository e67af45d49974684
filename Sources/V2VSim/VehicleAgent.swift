import SimKernel
import Traffic
import V2VCrypto
import V2X

/// What a vehicle believes about another station from the messages it accepted.
struct NeighbourBelief {
    /// The claimed state.
    let broadcast: SensorBroadcast
    let generationTime: SimTime
    /// When the receiver finished verifying it; it may not act on it before.
    let availableAt: SimTime
}

/// The V2X side of one vehicle: credentials, verifier, on-board crypto processor and beliefs.
struct VehicleAgent {
    let id: VehicleID
    var key: SigningKey
    var certificate: Certificate
    /// Station id carried in beacons; changes with the pseudonym.
    var stationID: UInt32
    /// How many pseudonyms this vehicle had before the current one.
    var pseudonymIndex = 0
    /// When the next pseudonym change is due; nil without a schedule.
    var nextPseudonymChange: SimTime?
    var verifier: StationVerifier
    /// When the verification processor is next free (a FIFO queue of modelled verify costs).
    var processor: VerificationProcessor
    /// When the full certificate was last sent; nil before the first message.
    var lastCertificateSent: SimTime?
    /// Set when a previously unknown station was heard, as IEEE 1609.2 asks: send the full
    /// certificate next so that the newcomer can verify us.
    var certificateRequested = false
    /// Stations (by certificate digest) heard so far.
    var heardStations: Set<CertificateDigest> = []
    /// When the vehicle entered the road.
    var admittedAt: SimTime = .zero
    /// The vehicle's attack, if it is an attacker.
    var attack: AttackState?
    /// Beliefs per station id, from accepted messages.
    var neighbours: [UInt32: NeighbourBelief] = [:]
    /// Beliefs (station id → their generation time) that a new station was linked to as its old
    /// pseudonym and then rejected against. Rejected claims are not stored, so without this the
    /// same stale belief would be linked, and the same vehicle rejected, on each of its beacons
    /// until the belief expires. A newer belief about that station may be linked again.
    /// Looked up and filtered only; nothing depends on its order.
    var refusedLinks: [UInt32: SimTime] = [:]
    /// The latest rejected claim of each station this receiver holds no belief about. Later claims
    /// are judged against it, as F2MD keeps every beacon heard in a station's history: without it a
    /// vehicle first heard too close would be "new", and fail sudden appearance, on every beacon.
    /// Looked up only; forgotten with the beliefs.
    var rejectedClaims: [UInt32: ClaimRecord] = [:]
    /// Hazards warned about by accepted DENMs, in arrival order.
    var hazards: [HazardBelief] = []
    /// Warnings this vehicle found implausible; their repetitions are rejected. Looked up, never iterated.
    var refutedHazards: Set<HazardKey> = []

    init(id: VehicleID, key: SigningKey, certificate: Certificate, verifier: StationVerifier) {
        self.id = id
        self.key = key
        self.certificate = certificate
        self.stationID = id.raw
        self.verifier = verifier
        self.processor = VerificationProcessor(capacity: verifier.config.queueCapacity)
    }

    /// The signer field for a message generated at `now`: the full certificate on the first message,
    /// at least once a second (vanetza's 1 s − 50 ms rule) and after a new neighbour appeared;
    /// otherwise the 8-byte digest.
    mutating func signer(at now: SimTime) -> SignerIdentifier {
        let due = self.lastCertificateSent.map { now - $0 >= .milliseconds(950) } ?? true
        if due || self.certificateRequested {
            self.lastCertificateSent = now
            self.certificateRequested = false
            return .certificate(self.certificate)
        }
        return .digest(self.certificate.digest)
    }

    /// Drops beliefs generated before `cutoff`.
    mutating func forgetBeliefs(before cutoff: SimTime) {
        if !self.rejectedClaims.isEmpty { self.rejectedClaims = self.rejectedClaims.filter { $0.value.time >= cutoff } }
        guard !self.neighbours.isEmpty else { return }
        self.neighbours = self.neighbours.filter { $0.value.generationTime >= cutoff }
        if !self.refusedLinks.isEmpty {
            self.refusedLinks = self.refusedLinks.filter { self.neighbours[$0.key]?.generationTime == $0.value }
        }
    }

    /// The nearest vehicle believed to be ahead in `lane` of a front bumper at road position `x`, as
    /// of `now`, extrapolated at its claimed speed along `road`: (gap, speed, station).
    func believedLeader(lane: Int, x: Double, now: SimTime, road: Highway) -> (gap: Double, speed: Double, station: UInt32)? {
        var best: (gap: Double, speed: Double, station: UInt32)?
        for (station, belief) in self.neighbours {
            guard let gap = Self.leaderGap(belief, lane: lane, x: x, now: now, road: road) else { continue }
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
    func isBelievedLeader(_ station: UInt32, lane: Int, x: Double, now: SimTime, road: Highway) -> Bool {
        guard let belief = self.neighbours[station], let own = Self.leaderGap(belief, lane: lane, x: x, now: now, road: road)
        else { return false }
        for (other, b) in self.neighbours where other != station {
            guard let gap = Self.leaderGap(b, lane: lane, x: x, now: now, road: road) else { continue }
            if gap < own || (gap == own && other < station) { return false }
        }
        return true
    }

    /// Gap from a front bumper at road position `x` to the believed vehicle's rear, extrapolated to
    /// `now` at its claimed speed; nil when it is not a leader candidate (not yet usable, other
    /// lane, behind). The claim's world position is matched to a road position, so on a ring the
    /// leader is found around the circle (ahead: within half the circumference).
    static func leaderGap(_ belief: NeighbourBelief, lane: Int, x: Double, now: SimTime, road: Highway) -> Double? {
        guard belief.availableAt <= now && Int(belief.broadcast.lane) == lane else { return nil }
        let age = (now - belief.generationTime).seconds
        let front = road.roadPosition(x: belief.broadcast.x, y: belief.broadcast.y) + belief.broadcast.speed * age
        let toFront = road.forwardDistance(from: x, to: front)
        guard toFront > 0, toFront < road.length / 2 || !road.isRing else { return nil }
        return toFront - belief.broadcast.length
    }
}
