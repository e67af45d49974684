import SimKernel
import Testing
import V2VCrypto
@testable import V2X

/// A straight road along +x: all a station needs of one for these tests.
private struct FlatRoad: StationRoad {
    var length: Double { 5_000 }
    var isRing: Bool { false }
    var entrancePoints: [(x: Double, y: Double)] { [] }
    func point(position: Double, lane: Double) -> (x: Double, y: Double) { (position, (lane + 0.5) * 3.5) }
    func roadPosition(x: Double, y: Double) -> Double { x }
    func forwardDistance(from: Double, to: Double) -> Double { to - from }
    func wrapped(_ position: Double) -> Double { position }
    func advance(x: Double, y: Double, heading: Double, by distance: Double) -> (x: Double, y: Double) { (x + distance, y) }
}

/// Peer-to-peer certificate distribution between hand-built stations: requests, answers, rate limits.
@Suite("Peer-to-peer certificate distribution")
struct CertificateDistributionTests {
    let f = Fixtures()
    let memo = SignatureMemo()
    private let road = FlatRoad()

    /// Credentials number `n`, issued by the fixture's CA.
    func credentials(_ n: UInt8) -> (key: SigningKey, certificate: Certificate) {
        let key = try! SigningKey(seed: [UInt8](repeating: 40 + n, count: 32))
        return (key, self.f.ca.issue(subject: key.verifyingKey, validFrom: .zero, validUntil: .seconds(100)))
    }

    /// A station with credentials number `n` and the given distribution limits.
    func station(_ n: UInt8, p2p: CertificateDistributionConfig = CertificateDistributionConfig()) -> VehicleStation {
        var config = SecurityConfig()
        config.p2p = p2p
        let verifier = StationVerifier(config: config, trustedCA: self.f.ca.verifyingKey, caDigest: self.f.ca.digest)
        let (key, certificate) = self.credentials(n)
        return VehicleStation(vehicle: UInt32(n), key: key, certificate: certificate, verifier: verifier, admittedAt: .zero)
    }

    /// A CAM by credentials number `n` generated at `t`.
    func cam(by n: UInt8, at t: SimTime, full: Bool = false, requests: [HashedId3] = []) -> SignedEnvelope {
        let (key, certificate) = self.credentials(n)
        var claim = self.f.cam
        claim.stationID = UInt32(n)
        claim.x = 1_000 + 100 * Double(n)
        return SignedEnvelope.sign(
            type: .cam, generationTime: t, signer: full ? .certificate(certificate) : .digest(certificate.digest),
            requests: requests, payload: claim.encoded(), key: key)
    }

    @discardableResult
    func deliver(_ envelope: SignedEnvelope, at arrival: SimTime, to station: VehicleStation) -> ReceptionVerdict {
        station.receive(
            .success(envelope), digest: SHA256.hash(envelope.bytes), arrival: arrival,
            receiver: ReceiverState(position: 900, lane: 1, x: 897.5, y: 5.25), road: self.road, memo: self.memo,
            sensor: { _ in nil })
    }

    func id(_ n: UInt8) -> HashedId3 { self.credentials(n).certificate.digest.hashedId3 }

    @Test("HashedId3 is the last 3 bytes of the certificate's HashedId8")
    func hashedId3() {
        let digest = self.credentials(1).certificate.digest
        #expect(digest.hashedId3.bytes == Array(digest.bytes[5..<8]))
        #expect(HashedId3(bytes: digest.hashedId3.bytes) == digest.hashedId3)
    }

    /// Limits with a request repeat of 500 ms, so that "not asked again" is visible between beacons.
    var slowRepeat: CertificateDistributionConfig {
        var p2p = CertificateDistributionConfig()
        p2p.requestRepeat = .milliseconds(500)
        return p2p
    }

    @Test("a digest from an unknown station puts its HashedId3 in the receiver's next CAM")
    func requestInNextMessage() throws {
        let receiver = self.station(2, p2p: self.slowRepeat)
        let v = self.deliver(self.cam(by: 1, at: .seconds(1)), at: .seconds(1) + .milliseconds(1), to: receiver)
        #expect(v.outcome == .rejected(.unknownSigner))
        let (envelope, _) = receiver.sign(type: .cam, payload: self.f.cam.encoded(), at: .seconds(1) + .milliseconds(60))
        #expect(try SignedEnvelope.decode(envelope.bytes).requests == [self.id(1)])
        // Asked once; not asked again in the very next message.
        #expect(receiver.camHeader(at: .seconds(1) + .milliseconds(160)).requests.isEmpty)
        // Hazard warnings carry no requests (ETSI TS 103 097 §7.1.1 puts them in CAMs).
        let repeatTime = SimTime.seconds(2)
        let (denm, _) = receiver.sign(type: .denm, payload: [], at: repeatTime)
        #expect(denm.requests.isEmpty)
    }

    @Test("the owner answers a request with its certificate in its next CAM, even from an unverifiable requester")
    func ownerAnswers() {
        let owner = self.station(1)
        // The owner already knows station 3, so the newcomer rule does not send its certificate.
        self.deliver(self.cam(by: 3, at: .milliseconds(40), full: true), at: .milliseconds(41), to: owner)
        #expect(owner.signer(at: .milliseconds(50)) == .certificate(owner.certificate))  // first message
        #expect(owner.signer(at: .milliseconds(150)) == .digest(owner.certificate.digest))
        // Station 3 asks for the owner's certificate.
        self.deliver(self.cam(by: 3, at: .milliseconds(300), requests: [self.id(1)]), at: .milliseconds(301), to: owner)
        #expect(owner.signer(at: .milliseconds(350)) == .certificate(owner.certificate))
        #expect(owner.signer(at: .milliseconds(450)) == .digest(owner.certificate.digest))
        // A requester whose own certificate the owner lacks (digest-signed, unknown) is answered too.
        self.deliver(self.cam(by: 4, at: .milliseconds(500)), at: .milliseconds(501), to: owner)
        _ = owner.signer(at: .milliseconds(550))  // the newcomer rule answers station 4 here
        self.deliver(self.cam(by: 5, at: .milliseconds(900), full: true), at: .milliseconds(901), to: owner)
        _ = owner.signer(at: .milliseconds(950))  // and station 5 here
        #expect(owner.signer(at: .milliseconds(1_250)) == .digest(owner.certificate.digest))
        self.deliver(self.cam(by: 4, at: .milliseconds(1_300), requests: [self.id(1)]), at: .milliseconds(1_301), to: owner)
        #expect(owner.signer(at: .milliseconds(1_350)) == .certificate(owner.certificate))
    }

    @Test("at most max_requests per message, the oldest first; an unanswered request is repeated after request_repeat")
    func requestLimits() {
        var p2p = self.slowRepeat
        p2p.maxRequestsPerMessage = 2
        let receiver = self.station(9, p2p: p2p)
        for n: UInt8 in 1...3 {
            let t = SimTime.milliseconds(100 + Int64(n))
            #expect(self.deliver(self.cam(by: n, at: t), at: t, to: receiver).outcome == .rejected(.unknownSigner))
        }
        // Another unknown digest from station 1 adds nothing: its request is already pending.
        self.deliver(self.cam(by: 1, at: .milliseconds(150)), at: .milliseconds(150), to: receiver)
        #expect(receiver.camHeader(at: .milliseconds(200)).requests == [self.id(1), self.id(2)])
        #expect(receiver.camHeader(at: .milliseconds(300)).requests == [self.id(3)])
        #expect(receiver.camHeader(at: .milliseconds(400)).requests.isEmpty)
        // 500 ms after they were last asked for, still unanswered: asked again.
        #expect(receiver.camHeader(at: .milliseconds(700)).requests == [self.id(1), self.id(2)])
        #expect(receiver.camHeader(at: .milliseconds(800)).requests == [self.id(3)])
        // Once the owner has not been heard for `requestLifetime` (2 s), its request is given up.
        #expect(receiver.camHeader(at: .milliseconds(2_200)).requests.isEmpty)
        #expect(receiver.distribution.pendingRequests.isEmpty)
    }

    @Test("an owner answers at most once per answer_interval")
    func answerInterval() {
        let owner = self.station(1)
        self.deliver(self.cam(by: 3, at: .milliseconds(40), full: true), at: .milliseconds(41), to: owner)
        _ = owner.signer(at: .milliseconds(50))
        _ = owner.signer(at: .milliseconds(150))
        self.deliver(self.cam(by: 3, at: .milliseconds(300), requests: [self.id(1)]), at: .milliseconds(300), to: owner)
        #expect(owner.signer(at: .milliseconds(350)) == .certificate(owner.certificate))
        // A second request 100 ms after the answer (inside the 200 ms interval) crossed it in the air: ignored.
        self.deliver(self.cam(by: 3, at: .milliseconds(450), requests: [self.id(1)]), at: .milliseconds(450), to: owner)
        #expect(owner.signer(at: .milliseconds(460)) == .digest(owner.certificate.digest))
        // One 250 ms after the answer is answered again.
        self.deliver(self.cam(by: 3, at: .milliseconds(600), requests: [self.id(1)]), at: .milliseconds(600), to: owner)
        #expect(owner.signer(at: .milliseconds(650)) == .certificate(owner.certificate))
    }

    @Test("hearing the certificate cancels a pending request; hearing another's request for it defers ours")
    func cancelAndDefer() {
        let a = self.station(8, p2p: self.slowRepeat)
        self.deliver(self.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(100), to: a)
        self.deliver(self.cam(by: 2, at: .milliseconds(100)), at: .milliseconds(100), to: a)
        #expect(a.distribution.pendingRequests == [self.id(1), self.id(2)])
        // Station 3 asks for station 2's certificate first; station 1 answers someone with its certificate.
        self.deliver(self.cam(by: 3, at: .milliseconds(120), full: true, requests: [self.id(2)]), at: .milliseconds(120), to: a)
        self.deliver(self.cam(by: 1, at: .milliseconds(130), full: true), at: .milliseconds(130), to: a)
        #expect(a.distribution.pendingRequests == [self.id(2)])
        #expect(a.camHeader(at: .milliseconds(200)).requests.isEmpty)
        // Not answered within request_repeat of the request heard: now we ask ourselves.
        #expect(a.camHeader(at: .milliseconds(620)).requests == [self.id(2)])
    }

    @Test("p2p_certificates off: no requests, and a request changes nothing, as before version 2")
    func off() {
        var p2p = CertificateDistributionConfig()
        p2p.enabled = false
        let owner = self.station(1, p2p: p2p)
        self.deliver(self.cam(by: 3, at: .milliseconds(40), full: true), at: .milliseconds(41), to: owner)
        _ = owner.signer(at: .milliseconds(50))
        #expect(self.deliver(self.cam(by: 4, at: .milliseconds(100)), at: .milliseconds(100), to: owner).outcome
            == .rejected(.unknownSigner))
        _ = owner.signer(at: .milliseconds(150))  // the newcomer rule still holds
        // With the feature on, this request (250 ms after the certificate) would be answered at 450 ms.
        self.deliver(self.cam(by: 3, at: .milliseconds(400), requests: [self.id(1)]), at: .milliseconds(400), to: owner)
        let header = owner.camHeader(at: .milliseconds(450))
        #expect(header.signer == .digest(owner.certificate.digest))
        #expect(header.requests.isEmpty)
        #expect(owner.distribution.pendingRequests.isEmpty)
    }

    @Test("by default a pending request is in every CAM until answered, and a fresh unknown digest keeps it alive")
    func defaultRepeat() {
        let receiver = self.station(2)
        self.deliver(self.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(100), to: receiver)
        #expect(receiver.camHeader(at: .milliseconds(150)).requests == [self.id(1)])
        #expect(receiver.camHeader(at: .milliseconds(250)).requests == [self.id(1)])
        // Station 1 heard again by digest at 1.9 s: the request outlives the 2 s since the first one.
        self.deliver(self.cam(by: 1, at: .milliseconds(1_900)), at: .milliseconds(1_900), to: receiver)
        #expect(receiver.camHeader(at: .milliseconds(2_350)).requests == [self.id(1)])
        #expect(receiver.camHeader(at: .milliseconds(3_950)).requests.isEmpty)
    }

    @Test("the pending list is bounded: a 17th unknown certificate displaces the oldest")
    func pendingBound() {
        let receiver = self.station(99)
        for n: UInt8 in 1...17 {
            self.deliver(self.cam(by: n, at: .milliseconds(100)), at: .milliseconds(100), to: receiver)
        }
        #expect(receiver.distribution.pendingRequests.count == CertificateDistributionConfig.pendingLimit)
        #expect(receiver.distribution.pendingRequests.first == self.id(2))
        #expect(receiver.distribution.pendingRequests.last == self.id(17))
    }
}
