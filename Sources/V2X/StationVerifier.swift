import SimKernel
import V2VCrypto

/// One station's verifier pipeline: decode, freshness, signer, signature, replay; each step has a
/// reason code (DESIGN.md "Verifier pipeline"). Per-station state is the certificate cache and the
/// replay window.
///
/// Order of checks: cheap structural and time checks first (as vanetza's verify service does), then
/// signer and signature, and only then the replay window, so that a forged message can never plant
/// an entry that would make a later genuine one look replayed.
///
/// Replay detection: Ed25519 signatures are deterministic and libsodium refuses malleated ones
/// (S ≥ L), so a replayed frame carries byte-identical signature bytes. Each station remembers the
/// R half of every signature it accepted within the freshness window; anything older is already
/// stale. A second arrival of the same frame is `replayed`.
public struct StationVerifier: Codable {
    /// What a verified message turned out to be.
    public struct Verdict {
        public let outcome: VerificationOutcome
        /// The decoded envelope (nil on a decode error).
        public let envelope: SignedEnvelope?
        /// The signer's certificate when it was known.
        public let certificate: Certificate?
    }

    private struct CachedCertificate: Codable {
        let certificate: Certificate
        var lastHeard: SimTime
    }

    private struct ReplayKey: Hashable, Codable {
        let a: UInt64
        let b: UInt64
    }

    /// An accepted signature's replay key and its message's generation time.
    private struct SeenSignature: Codable {
        let key: ReplayKey
        let time: SimTime
    }

    /// Everything but `revocations`: that list is shared by every verifier of a run, so a checkpoint
    /// stores it once and the simulation links it back in (`Simulation+Checkpoint.swift`). Of the
    /// replay window only the live entries are stored (`seenOrder` from `seenHead` on); `seen` is
    /// exactly their keys and is rebuilt from them (``init(from:)``).
    private enum CodingKeys: String, CodingKey {
        case config, trustedCA, caDigest, certificates, seenOrder
    }

    public package(set) var config: SecurityConfig
    public let trustedCA: VerifyingKey
    public let caDigest: CertificateDigest
    /// Revoked certificates, shared by every station of a run; nil checks nothing.
    public var revocations: RevocationList?
    /// Certificates heard, with when each last verified a message (or arrived in full). Bounded by
    /// `forgetCertificates(heardBefore:)`.
    private var certificates: [CertificateDigest: CachedCertificate] = [:]
    private var seen: Set<ReplayKey> = []
    private var seenOrder: [SeenSignature] = []
    private var seenHead = 0

    public init(config: SecurityConfig, trustedCA: VerifyingKey, caDigest: CertificateDigest) {
        self.config = config
        self.trustedCA = trustedCA
        self.caDigest = caDigest
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.config = try container.decode(SecurityConfig.self, forKey: .config)
        self.trustedCA = try container.decode(VerifyingKey.self, forKey: .trustedCA)
        self.caDigest = try container.decode(CertificateDigest.self, forKey: .caDigest)
        self.certificates = try container.decode([CertificateDigest: CachedCertificate].self, forKey: .certificates)
        self.seenOrder = try container.decode([SeenSignature].self, forKey: .seenOrder)
        self.seen = Set(minimumCapacity: self.seenOrder.count)
        for entry in self.seenOrder {
            guard self.seen.insert(entry.key).inserted else {
                throw DecodingError.dataCorruptedError(
                    forKey: .seenOrder, in: container, debugDescription: "replay window holds one signature twice")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.config, forKey: .config)
        try container.encode(self.trustedCA, forKey: .trustedCA)
        try container.encode(self.caDigest, forKey: .caDigest)
        try container.encode(self.certificates, forKey: .certificates)
        // The entries before `seenHead` are forgotten (out of `seen`) and wait only for compaction,
        // which changes memory, never a verdict.
        try container.encode(Array(self.seenOrder[self.seenHead...]), forKey: .seenOrder)
    }

    /// Number of certificates in this station's cache.
    public var cachedCertificateCount: Int { self.certificates.count }

    /// Drops cached certificates that expired before `time`; a later message naming one by digest
    /// is `unknown_signer`, as it would be expired anyway. Keeps the cache bounded over long runs.
    public mutating func evictCertificates(expiredBefore time: SimTime) {
        guard !self.certificates.isEmpty else { return }
        self.certificates = self.certificates.filter { $0.value.certificate.validUntil >= time }
    }

    /// Drops cached certificates that verified nothing since `cutoff`. A sender puts its full
    /// certificate on air at least once a second, so a station heard within the freshness window
    /// keeps its entry; one silent for longer is named by digest again only after a gap in which
    /// its certificate comes round anyway, or the receiver rejects it as `unknown_signer` (and
    /// asks for the certificate, as for any newcomer).
    public mutating func forgetCertificates(heardBefore cutoff: SimTime) {
        guard !self.certificates.isEmpty else { return }
        self.certificates = self.certificates.filter { $0.value.lastHeard >= cutoff }
    }

    /// Whether this station has the certificate named `digest`.
    public func knows(_ digest: CertificateDigest) -> Bool { self.certificates[digest] != nil }

    /// Takes a certificate heard outside a signer field (a neighbour's answer, 1609.2
    /// `requestedCertificate`) into the cache, after the same checks a signer certificate gets (CA
    /// signature by libsodium, permissions, validity) and the revocation list.
    ///
    /// - Returns: whether the certificate is now cached.
    public mutating func learn(_ certificate: Certificate, at now: SimTime, memo: any SignatureChecking) -> Bool {
        guard self.check(certificate: certificate, for: .cam, now: now, memo: memo) == nil else { return false }
        if let revocations = self.revocations, revocations.isRevoked(certificate.digest, at: now) { return false }
        self.certificates[certificate.digest] = CachedCertificate(certificate: certificate, lastHeard: now)
        return true
    }

    /// A cached certificate this station may hand to a neighbour at `now`: valid and not revoked.
    public func answerable(_ digest: CertificateDigest, at now: SimTime) -> Certificate? {
        guard let c = self.certificates[digest]?.certificate, c.isValid(at: now) else { return nil }
        if let revocations = self.revocations, revocations.isRevoked(digest, at: now) { return nil }
        return c
    }

    /// The cached certificate whose HashedId3 is `id` and that `answerable(_:at:)` would hand out;
    /// among several (a 24-bit collision) the lowest digest, so the answer never depends on the
    /// cache's hash order.
    ///
    /// - Complexity: O(cached certificates).
    public func answerable(_ id: HashedId3, at now: SimTime) -> Certificate? {
        var best: CertificateDigest?
        for digest in self.certificates.keys where digest.hashedId3 == id {
            if best == nil || digest.raw < best!.raw { best = digest }
        }
        return best.flatMap { self.answerable($0, at: now) }
    }

    /// Runs the pipeline on `bytes` received at `now`.
    public mutating func verify(_ bytes: [UInt8], now: SimTime, memo: any SignatureChecking) -> Verdict {
        self.verify(decoded: Swift.Result<SignedEnvelope, DecodeError> { () throws(DecodeError) in try SignedEnvelope.decode(bytes) }, now: now, memo: memo)
    }

    /// Runs the pipeline on an envelope already decoded from the received bytes.
    ///
    /// Decoding is a pure function of the bytes, so a simulation decodes each frame once and hands
    /// the same result to every receiver; a decode failure is still each receiver's `decode_error`.
    public mutating func verify(
        decoded: Swift.Result<SignedEnvelope, DecodeError>, now: SimTime, memo: any SignatureChecking
    ) -> Verdict {
        let envelope: SignedEnvelope
        switch decoded {
        case let .success(e): envelope = e
        case .failure: return Verdict(outcome: .rejected(.decodeError), envelope: nil, certificate: nil)
        }
        if self.config.verify == .none {
            return Verdict(outcome: .unchecked, envelope: envelope, certificate: nil)
        }
        let full = self.config.verify == .full
        if full {
            // Compare against bounds computed from trusted values: subtracting an attacker-chosen
            // generation time could overflow.
            if envelope.generationTime < now - self.config.freshness {
                return Verdict(outcome: .rejected(.stale), envelope: envelope, certificate: nil)
            }
            if envelope.generationTime > now + self.config.futureTolerance {
                return Verdict(outcome: .rejected(.future), envelope: envelope, certificate: nil)
            }
        }
        let certificate: Certificate
        switch envelope.signer {
        case let .certificate(c):
            if let problem = self.check(certificate: c, for: envelope.type, now: now, memo: memo) {
                return Verdict(outcome: .rejected(problem), envelope: envelope, certificate: c)
            }
            self.certificates[c.digest] = CachedCertificate(certificate: c, lastHeard: now)
            certificate = c
        case let .digest(d):
            guard let c = self.certificates[d]?.certificate else {
                return Verdict(outcome: .rejected(.unknownSigner), envelope: envelope, certificate: nil)
            }
            if !c.isValid(at: now) {
                return Verdict(outcome: .rejected(.expiredCertificate), envelope: envelope, certificate: c)
            }
            certificate = c
        }
        if let revocations = self.revocations, revocations.isRevoked(certificate.digest, at: now) {
            return Verdict(outcome: .rejected(.revoked), envelope: envelope, certificate: certificate)
        }
        guard memo.isValid(signature: envelope.signatureBytes, message: envelope.signedBytes, key: certificate.subjectKey) else {
            return Verdict(outcome: .rejected(.badSignature), envelope: envelope, certificate: certificate)
        }
        if case .digest = envelope.signer { self.certificates[certificate.digest]?.lastHeard = now }
        if full {
            self.forgetBefore(now - self.config.freshness)
            let key = Self.replayKey(envelope.signatureBytes)
            if self.seen.contains(key) {
                return Verdict(outcome: .rejected(.replayed), envelope: envelope, certificate: certificate)
            }
            self.seen.insert(key)
            self.seenOrder.append(SeenSignature(key: key, time: envelope.generationTime))
        }
        return Verdict(outcome: .accepted, envelope: envelope, certificate: certificate)
    }

    private func check(certificate c: Certificate, for type: MessageType, now: SimTime, memo: any SignatureChecking) -> RejectionReason? {
        guard c.issuer == self.caDigest else { return .badCertificate }
        let signed = c.encoded[..<Certificate.signedLength]
        let signature = c.encoded[Certificate.signedLength...]
        guard memo.isValid(signature: signature, message: signed, key: self.trustedCA) else { return .badCertificate }
        // An uplink frame is signed with the vehicle's pseudonym, which carries the CAM permission
        // (ETSI TS 103 759 has reports signed with an authorisation ticket); acknowledgements are
        // signed by RSU keys, never by a certificate, so no certificate may sign one.
        let needed: Certificate.Permissions
        switch type {
        case .cam, .uplink: needed = .cam
        case .denm: needed = .denm
        case .uplinkAck: return .badCertificate
        }
        guard c.permissions.contains(needed) else { return .badCertificate }
        guard c.isValid(at: now) else { return .expiredCertificate }
        return nil
    }

    private static func replayKey(_ signature: ArraySlice<UInt8>) -> ReplayKey {
        var a: UInt64 = 0
        var b: UInt64 = 0
        var i = signature.startIndex
        for k in 0..<8 { a |= UInt64(signature[i]) << (8 * UInt64(k)); i += 1 }
        for k in 0..<8 { b |= UInt64(signature[i]) << (8 * UInt64(k)); i += 1 }
        return ReplayKey(a: a, b: b)
    }

    /// Drops replay entries generated before `cutoff`; they would be rejected as stale anyway.
    /// Entries arrive roughly in generation order, so a moving head suffices; the array is compacted
    /// once the dead prefix dominates, which keeps memory proportional to the window.
    private mutating func forgetBefore(_ cutoff: SimTime) {
        while self.seenHead < self.seenOrder.count && self.seenOrder[self.seenHead].time < cutoff {
            self.seen.remove(self.seenOrder[self.seenHead].key)
            self.seenHead += 1
        }
        if self.seenHead > 1024 && self.seenHead * 2 > self.seenOrder.count {
            self.seenOrder.removeFirst(self.seenHead)
            self.seenHead = 0
        }
    }
}

/// Parts for `VehicleStation.checkpointParts()` (here, where the private fields are visible).
extension StationVerifier {
    package func checkpointParts() -> [(name: String, value: any Encodable)] {
        [
            ("settings", ([self.config, self.trustedCA, self.caDigest] as [any Encodable]).map(AnyCheckpointPart.init)),
            ("certificate cache", self.certificates),
            ("replay window", Array(self.seenOrder[self.seenHead...])),
        ]
    }

    package var cachedCertificateDigests: [CertificateDigest] { Array(self.certificates.keys) }
}
