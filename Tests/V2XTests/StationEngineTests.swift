#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SimKernel
import Testing
import V2VCrypto
import V2X

/// The station engine on its own: hand-built envelopes in, verdicts out, no simulation around it.
@Suite("Vehicle station engine")
struct StationEngineTests {
    let f = Fixtures()
    let memo = SignatureMemo()
    private let road = StraightTestRoad()
    /// The receiver drives in lane 1 at x = 1000, 234.6 m behind the fixture's claim (x = 1234.567).
    let receiver = ReceiverState(position: 1_000, lane: 1, x: 997.5, y: 5.25)

    /// A receiving station admitted at time zero with its own key and certificate.
    func station(_ mode: VerificationMode = .full) -> VehicleStation {
        let key = try! SigningKey(seed: [UInt8](repeating: 9, count: 32))
        let certificate = self.f.ca.issue(subject: key.verifyingKey, validFrom: .zero, validUntil: .seconds(100))
        return VehicleStation(vehicle: 3, key: key, certificate: certificate, verifier: self.f.verifier(mode), admittedAt: .zero)
    }

    /// A CAM from the fixture's sender claiming `x` at time `t`, signed with `key` (the sender's own by default).
    func cam(x: Double = 1234.567, at t: SimTime, key: SigningKey? = nil, withCertificate: Bool = true) -> SignedEnvelope {
        var claim = self.f.cam
        claim.x = x
        let signer: SignerIdentifier = withCertificate ? .certificate(self.f.certificate) : .digest(self.f.certificate.digest)
        return SignedEnvelope.sign(type: .cam, generationTime: t, signer: signer, payload: claim.encoded(), key: key ?? self.f.key)
    }

    func receive(_ envelope: SignedEnvelope, at arrival: SimTime, by station: VehicleStation) -> ReceptionVerdict {
        station.receive(
            .success(envelope), digest: SHA256.hash(envelope.bytes), arrival: arrival, receiver: self.receiver,
            road: self.road, memo: self.memo, sensor: { _ in nil })
    }

    @Test("a genuine CAM is accepted after the modelled verify cost and becomes the believed leader")
    func accepted() throws {
        let s = self.station()
        let arrival = SimTime.seconds(1) + .microseconds(300)
        let v = self.receive(self.cam(at: .seconds(1)), at: arrival, by: s)
        #expect(v.outcome == .accepted)
        #expect(v.timing == VerificationTiming(start: arrival, done: arrival + .microseconds(120)))
        #expect(v.plausibility == .plausible)
        #expect(v.beliefUpdated == 7 && v.report == nil && v.messageType == .cam)
        // Same lane, 234.567 m ahead at the front, 4.8 m long: the leader, acted on. 1.3 ms after
        // its generation it has moved on 27.78 m/s × 1.3 ms.
        #expect(v.actedOn)
        let leader = try #require(s.believedLeader(lane: 1, x: 1_000, now: arrival + .milliseconds(1), road: self.road))
        #expect(leader.station == 7)
        #expect(abs(leader.gap - (234.567 + 27.78 * 0.0013 - 4.8)) < 1e-6)
    }

    @Test("a CAM signed with another key is bad_signature and leaves no belief")
    func badSignature() {
        let s = self.station()
        let thief = try! SigningKey(seed: [UInt8](repeating: 3, count: 32))
        let v = self.receive(self.cam(at: .seconds(1), key: thief), at: .seconds(1), by: s)
        #expect(v.outcome == .rejected(.badSignature))
        #expect(v.plausibility == nil && v.beliefUpdated == nil && !v.actedOn)
        #expect(s.neighbours.isEmpty)
    }

    @Test("a CAM older than the 2 s freshness window is stale")
    func stale() {
        let s = self.station()
        let v = self.receive(self.cam(at: .seconds(10)), at: .seconds(12) + .milliseconds(1), by: s)
        #expect(v.outcome == .rejected(.stale))
        #expect(s.neighbours.isEmpty)
    }

    @Test("the same frame heard twice is replayed the second time")
    func replayed() {
        let s = self.station()
        let e = self.cam(at: .seconds(5))
        #expect(self.receive(e, at: .seconds(5) + .milliseconds(1), by: s).outcome == .accepted)
        let second = self.receive(e, at: .seconds(5) + .milliseconds(300), by: s)
        #expect(second.outcome == .rejected(.replayed))
        #expect(second.beliefUpdated == nil)
    }

    @Test("a claim 100 m from where the sender was 100 ms ago is a position jump; a second one gets it reported with its evidence")
    func positionJump() throws {
        let s = self.station()
        #expect(self.receive(self.cam(at: .seconds(1)), at: .seconds(1) + .milliseconds(1), by: s).outcome == .accepted)
        let first = self.receive(self.cam(x: 1334.567, at: .seconds(1) + .milliseconds(100)), at: .seconds(1) + .milliseconds(101), by: s)
        #expect(first.outcome == .rejected(.implausiblePositionJump))
        // One implausible message is rejected, not reported: the sender's window holds doubt 1 of
        // the 2 (`detection.sender_threshold`) that make it reported.
        #expect(first.report == nil)
        let jump = self.cam(x: 1434.567, at: .seconds(1) + .milliseconds(200))
        let arrival = SimTime.seconds(1) + .milliseconds(201)
        let v = self.receive(jump, at: arrival, by: s)
        #expect(v.outcome == .rejected(.implausiblePositionJump))
        #expect(v.plausibility == .implausible(.positionJump))
        let report = try #require(v.report)
        #expect(report.suspect == self.f.certificate.digest && report.check == .positionJump)
        #expect(report.reporter == s.certificate.digest)
        #expect(report.evidence == SHA256.hash(jump.bytes).bytes)
        #expect(report.time == arrival + .microseconds(120))
        // The belief is still the first, plausible claim.
        #expect(s.neighbours[7]?.broadcast.x == 1234.567)
    }

    @Test("a station first heard sends its next message with the full certificate")
    func certificateRequested() {
        let s = self.station()
        // The first message always carries the certificate; within 950 ms the digest is enough.
        #expect(s.signer(at: .zero) == .certificate(s.certificate))
        #expect(s.signer(at: .milliseconds(100)) == .digest(s.certificate.digest))
        _ = self.receive(self.cam(at: .milliseconds(150)), at: .milliseconds(151), by: s)
        #expect(s.signer(at: .milliseconds(200)) == .certificate(s.certificate))
        #expect(s.signer(at: .milliseconds(300)) == .digest(s.certificate.digest))
    }

    @Test("without verification a message is unchecked, usable on arrival and not queued")
    func unchecked() {
        let s = self.station(.none)
        let v = self.receive(self.cam(at: .seconds(1)), at: .seconds(1), by: s)
        #expect(v.outcome == .unchecked)
        #expect(v.timing == VerificationTiming(start: .seconds(1), done: .seconds(1)))
        #expect(v.plausibility == nil && v.beliefUpdated == 7)
    }

    @Test("a frame that does not decode is decode_error, with no message type")
    func decodeError() {
        let s = self.station()
        let bytes: [UInt8] = [0xFF, 0, 1]
        let decoded = Result<SignedEnvelope, DecodeError> { () throws(DecodeError) in try SignedEnvelope.decode(bytes) }
        let v = s.receive(
            decoded, digest: SHA256.hash(bytes), arrival: .seconds(1), receiver: self.receiver, road: self.road,
            memo: self.memo, sensor: { _ in nil })
        #expect(v.outcome == .rejected(.decodeError) && v.messageType == nil)
    }

    @Test("stations and certificates not heard for the retention time are forgotten; within it they are kept")
    func boundedByRetention() {
        let s = self.station()
        let keep = VehicleStation.stationRetention
        #expect(self.receive(self.f.envelope(at: .seconds(1)), at: .seconds(1), by: s).outcome == .accepted)
        _ = s.signer(at: .seconds(1))  // the certificate the newcomer asked for goes out
        // A sweep is due once per 2 s window; at 0.9 s nothing is old enough to go.
        s.forgetBeliefs(before: .milliseconds(900))
        // Half a second on at its claimed 27.78 m/s.
        let moved = self.cam(x: 1234.567 + 27.78 * 0.5, at: .milliseconds(1500), withCertificate: false)
        let digestSigned = self.receive(moved, at: .milliseconds(1500), by: s)
        #expect(digestSigned.outcome == .accepted)
        #expect(s.signer(at: .milliseconds(1600)) == .digest(s.certificate.digest))
        // Last heard at 1.5 s: a sweep with the cutoff at 2.5 s keeps the certificate (within the
        // retention time), so a digest-signed message after a silent gap still verifies.
        s.forgetBeliefs(before: .milliseconds(2500))
        let afterGap = self.cam(x: 1234.567 + 27.78 * 2.5, at: .milliseconds(3500), withCertificate: false)
        #expect(self.receive(afterGap, at: .milliseconds(3500), by: s).outcome == .accepted)
        // Last heard at 3.5 s: a sweep whose cutoff lies the retention time later forgets it.
        s.forgetBeliefs(before: .milliseconds(3600) + keep)
        let t = SimTime.seconds(5) + keep
        _ = s.signer(at: t - .milliseconds(100))  // its own periodic certificate, so that only a request can bring the next
        let late = self.receive(self.f.envelope(at: t, withCertificate: false), at: t, by: s)
        #expect(late.outcome == .rejected(.unknownSigner))
        // Heard again, it is a newcomer: the station's next message carries its certificate.
        #expect(s.signer(at: t + .milliseconds(10)) == .certificate(s.certificate))
    }
}
