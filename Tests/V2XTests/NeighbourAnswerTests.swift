import SimKernel
import Testing
import V2VCrypto
@testable import V2X

/// `p2p_neighbour_answers`: any station holding a requested certificate may answer with it in the
/// requested-certificate field of its next CAM, one per message, unless someone else just did.
@Suite("Neighbour answers to certificate requests")
struct NeighbourAnswerTests {
    let bench = P2PTestBench()

    /// Station 2 after it heard station 1's certificate at 41 ms and sent its own first CAM.
    func neighbour() -> VehicleStation {
        let b = self.bench.station(2)
        self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(40), full: true), at: .milliseconds(41), to: b)
        _ = b.camHeader(at: .milliseconds(50))
        return b
    }

    @Test("a neighbour holding the certificate answers a request in its next CAM, once")
    func answers() throws {
        let b = self.neighbour()
        self.bench.deliver(self.bench.cam(by: 3, at: .milliseconds(400), requests: [self.bench.id(1)]), at: .milliseconds(401), to: b)
        #expect(b.distribution.pendingAnswers == [self.bench.credentials(1).certificate.digest])
        let (envelope, _) = b.sign(type: .cam, payload: self.bench.f.cam.encoded(), at: .milliseconds(450))
        let decoded = try SignedEnvelope.decode(envelope.bytes)
        #expect(decoded.requestedCertificate == self.bench.credentials(1).certificate)
        // One answer per request: the next CAM carries none, and the same request heard again
        // within the answer interval is not answered again.
        self.bench.deliver(self.bench.cam(by: 3, at: .milliseconds(500), requests: [self.bench.id(1)]), at: .milliseconds(501), to: b)
        #expect(b.camHeader(at: .milliseconds(550)).requestedCertificate == nil)
    }

    @Test("observed-response suppression: hearing the certificate on air cancels a pending answer")
    func suppressed() {
        let b = self.neighbour()
        self.bench.deliver(self.bench.cam(by: 3, at: .milliseconds(400), requests: [self.bench.id(1)]), at: .milliseconds(401), to: b)
        // The owner answers first (its certificate as signer).
        self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(420), full: true), at: .milliseconds(421), to: b)
        #expect(b.distribution.pendingAnswers.isEmpty)
        #expect(b.camHeader(at: .milliseconds(450)).requestedCertificate == nil)
        // A request heard right after the certificate went on air crossed it: not answered.
        self.bench.deliver(self.bench.cam(by: 3, at: .milliseconds(500), requests: [self.bench.id(1)]), at: .milliseconds(501), to: b)
        #expect(b.camHeader(at: .milliseconds(550)).requestedCertificate == nil)
        // Another station's answer suppresses too.
        self.bench.deliver(self.bench.cam(by: 3, at: .milliseconds(900), requests: [self.bench.id(1)]), at: .milliseconds(901), to: b)
        let answer = self.bench.cam(by: 4, at: .milliseconds(910), answer: self.bench.credentials(1).certificate)
        self.bench.deliver(answer, at: .milliseconds(911), to: b)
        #expect(b.camHeader(at: .milliseconds(950)).requestedCertificate == nil)
    }

    @Test("a station answers only with certificates it holds, and its own only as signer")
    func onlyHeld() {
        let b = self.neighbour()
        self.bench.deliver(
            self.bench.cam(by: 3, at: .milliseconds(400), requests: [self.bench.id(7), self.bench.id(2)]),
            at: .milliseconds(401), to: b)
        let header = b.camHeader(at: .milliseconds(450))
        #expect(header.requestedCertificate == nil)
        #expect(header.signer == .certificate(b.certificate))
    }

    @Test("an answer resolves the requester's held message and its pending request")
    func answerResolvesHold() {
        let r = self.bench.station(3)
        #expect(self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(101), to: r).held)
        #expect(r.distribution.pendingRequests == [self.bench.id(1)])
        let answer = self.bench.cam(by: 4, at: .milliseconds(200), full: true, answer: self.bench.credentials(1).certificate)
        let v = self.bench.deliver(answer, at: .milliseconds(201), to: r)
        #expect(v.resolved.map(\.verdict.outcome) == [.accepted])
        #expect(r.distribution.pendingRequests.isEmpty)
        #expect(r.neighbours[1] != nil)
    }

    @Test("a forged requested certificate (bad CA signature) is not learned")
    func forgedAnswer() {
        let r = self.bench.station(3)
        self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(100)), at: .milliseconds(101), to: r)
        let genuine = self.bench.credentials(1).certificate
        var bytes = genuine.encoded
        bytes[bytes.count - 1] ^= 0x01
        var reader = ByteReader(bytes)
        let forged = try! Certificate.decode(&reader)
        let v = self.bench.deliver(self.bench.cam(by: 4, at: .milliseconds(200), full: true, answer: forged), at: .milliseconds(201), to: r)
        #expect(v.resolved.isEmpty)
        #expect(r.heldCount == 1)
    }

    @Test("p2p_neighbour_answers off: only owners answer")
    func off() {
        let b = self.bench.station(2) { $0.p2p.neighbourAnswers = false }
        self.bench.deliver(self.bench.cam(by: 1, at: .milliseconds(40), full: true), at: .milliseconds(41), to: b)
        _ = b.camHeader(at: .milliseconds(50))
        self.bench.deliver(self.bench.cam(by: 3, at: .milliseconds(400), requests: [self.bench.id(1)]), at: .milliseconds(401), to: b)
        #expect(b.camHeader(at: .milliseconds(450)).requestedCertificate == nil)
    }

    @Test("wire v3: the requested certificate round-trips; more than one is a located decode error")
    func wire() throws {
        let certificate = self.bench.credentials(1).certificate
        let envelope = self.bench.cam(by: 2, at: .milliseconds(10), answer: certificate)
        #expect(envelope.bytes[2] == 3)
        #expect(envelope.bytes.count == self.bench.cam(by: 2, at: .milliseconds(10)).bytes.count + Certificate.encodedLength)
        let decoded = try SignedEnvelope.decode(envelope.bytes)
        #expect(decoded.requestedCertificate == certificate)
        var bytes = envelope.bytes
        // Digest signer: the request count is at byte 21, the requested-certificate count at 22.
        #expect(bytes[22] == 1)
        bytes[22] = 2
        #expect(
            throws: DecodeError(
                field: "envelope.requested_certificate_count", offset: 22, problem: "2 requested certificates exceeds 1")
        ) { try SignedEnvelope.decode(bytes) }
    }
}
