#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNet
import SimKernel
import Testing
import V2VCrypto
@testable import V2X

/// The learned detector in the station: its features, its score in place of the rules', the digest
/// its reports name, and its model file checked as untrusted input.
@Suite("Learned misbehaviour detector")
struct LearnedDetectorTests {
    let f = Fixtures()
    let memo = SignatureMemo()
    let receiver = ReceiverState(position: 1_000, lane: 1, x: 997.5, y: 5.25)

    func station() -> VehicleStation {
        let key = try! SigningKey(seed: [UInt8](repeating: 9, count: 32))
        let certificate = self.f.ca.issue(subject: key.verifyingKey, validFrom: .zero, validUntil: .seconds(100))
        return VehicleStation(vehicle: 3, key: key, certificate: certificate, verifier: self.f.verifier(), admittedAt: .zero)
    }

    /// Claims at 10 Hz from t = 1 s: a car at 27.78 m/s that jumps 60 m forward at the fourth beacon.
    func claims(station: UInt32) -> [(claim: SensorBroadcast, time: SimTime)] {
        (0..<6).map { k in
            var claim = self.f.cam
            claim.stationID = station
            claim.x += 2.778 * Double(k) + (k >= 3 ? 60 : 0)
            return (claim, .seconds(1) + .milliseconds(100 * Int64(k)))
        }
    }

    /// Feeds `claims` signed by `key` (certificate `certificate`) to `station`; the verdicts.
    func feed(
        _ claims: [(claim: SensorBroadcast, time: SimTime)], key: SigningKey, certificate: Certificate, to station: VehicleStation
    ) -> [ReceptionVerdict] {
        claims.map { claim, time in
            let envelope = SignedEnvelope.sign(
                type: .cam, generationTime: time, signer: .certificate(certificate), payload: claim.encoded(), key: key)
            return station.receive(
                .success(envelope), digest: SHA256.hash(envelope.bytes), arrival: time + .milliseconds(1),
                receiver: self.receiver, road: StraightTestRoad(), memo: self.memo, sensor: { _ in nil })
        }
    }

    /// A detector whose network ignores its input and gives `logit`.
    static func constant(logit: Double) -> LearnedDetector {
        let layer = DenseLayer(
            inputs: DetectorFeatures.count, outputs: 1, weights: [Double](repeating: 0, count: DetectorFeatures.count),
            biases: [logit])
        let network = MultilayerPerceptron(layers: [layer])
        let bytes = LearnedDetector.fileBytes(network, metadata: [:])
        return try! LearnedDetector(bytes: bytes, path: "constant.safetensors")
    }

    @Test("feature rows hold no identity: the same claims under other station ids, keys and certificates give equal rows")
    func identityFree() throws {
        let other = try SigningKey(seed: [UInt8](repeating: 5, count: 32))
        let otherCertificate = self.f.ca.issue(subject: other.verifyingKey, validFrom: .zero, validUntil: .seconds(100))
        let a = self.station()
        let b = self.station()
        a.useDetector(nil, collectingFeatures: true)
        b.useDetector(nil, collectingFeatures: true)
        let rowsA = self.feed(self.claims(station: 7), key: self.f.key, certificate: self.f.certificate, to: a)
            .map(\.detectorFeatures)
        let rowsB = self.feed(self.claims(station: 0x8000_1234), key: other, certificate: otherCertificate, to: b)
            .map(\.detectorFeatures)
        #expect(rowsA.allSatisfy { $0?.count == DetectorFeatures.count })
        #expect(rowsA == rowsB)
        // The rows do see the jump: the fourth claim's position check is far below the others'.
        let position = DetectorFeatures.names.firstIndex(of: "c_position")!
        #expect(rowsA[2]![position] == 1 && rowsA[3]![position] == 0)
        #expect(rowsA.allSatisfy { $0!.allSatisfy { (0...1).contains($0) } })
        #expect(!DetectorFeatures.names.contains { ["id", "station", "pseudonym", "certificate", "vehicle"].contains($0) })
    }

    @Test("without collecting or a model the station computes no features (honest runs do no extra work)")
    func noFeaturesByDefault() {
        let verdicts = self.feed(self.claims(station: 7), key: self.f.key, certificate: self.f.certificate, to: self.station())
        #expect(verdicts.allSatisfy { $0.detectorFeatures == nil })
    }

    @Test("the model's score replaces the rules': a network that calls everything an attack rejects plausible claims as 'learned' and reports name its digest")
    func learnedDecides() throws {
        let detector = Self.constant(logit: 6)
        let s = self.station()
        s.useDetector(detector)
        #expect(s.detectorDigest == detector.digest)
        var honest = self.claims(station: 7)
        honest.removeLast(3)
        honest += (3..<6).map { k in
            var c = self.f.cam
            c.x += 2.778 * Double(k)
            return (c, .seconds(1) + .milliseconds(100 * Int64(k)))
        }
        let verdicts = self.feed(honest, key: self.f.key, certificate: self.f.certificate, to: s)
        #expect(verdicts.allSatisfy { $0.outcome == .rejected(.implausibleLearned) }, "\(verdicts.map(\.outcome))")
        let report = try #require(verdicts.compactMap(\.report).first)
        #expect(report.detector == detector.digest)
        #expect(report.leafBytes.suffix(32) == detector.digest.bytes)
    }

    @Test("a network that trusts everything accepts the 60 m jump the rules reject; rule-based reports name the fixed rules digest")
    func learnedOverridesRules() throws {
        let lenient = self.station()
        lenient.useDetector(Self.constant(logit: -6))
        let learned = self.feed(self.claims(station: 7), key: self.f.key, certificate: self.f.certificate, to: lenient)
        #expect(learned.allSatisfy { $0.outcome == .accepted })
        let rules = self.feed(self.claims(station: 7), key: self.f.key, certificate: self.f.certificate, to: self.station())
        #expect(rules[3].outcome == .rejected(.implausiblePositionJump))
        let report = try #require(rules.compactMap(\.report).first)
        #expect(report.detector == LearnedDetector.ruleBasedDigest)
        #expect(LearnedDetector.ruleBasedDigest == SHA256.hash(Array(LearnedDetector.ruleBasedDescription.utf8)))
    }

    @Test("bad model files are refused with the file and the problem named")
    func badFiles() throws {
        func problem(_ bytes: [UInt8]) -> String {
            do {
                _ = try LearnedDetector(bytes: bytes, path: "m.safetensors")
                return "loaded"
            } catch {
                return error.description
            }
        }
        #expect(problem([1, 2, 3]).hasPrefix("m.safetensors: not a safetensors file"))
        let layer = DenseLayer(inputs: 3, outputs: 1, weights: [0, 0, 0], biases: [0])
        let net = MultilayerPerceptron(layers: [layer])
        let policy = Safetensors.write(tensors: net.namedTensors, metadata: ["format": "v2vsim-mlp-1"])
        #expect(problem(policy).contains("not a v2vsim detector: metadata format is 'v2vsim-mlp-1'"), "\(problem(policy))")
        let otherLayout = Safetensors.write(
            tensors: net.namedTensors, metadata: ["format": LearnedDetector.format, "features": "v2v.detector.features.v0"])
        #expect(problem(otherLayout).contains("detector expects features 'v2v.detector.features.v0'"))
        let narrow = LearnedDetector.fileBytes(net, metadata: [:])
        #expect(problem(narrow) == "m.safetensors: network takes 3 inputs, the features are \(DetectorFeatures.count)")
        #expect(problem(LearnedDetector.fileBytes(Self.constant(logit: 0).network, metadata: [:])) == "loaded")
        #expect(throws: WeightsFileError.self) { try LearnedDetector.load(path: "/nonexistent/detector.safetensors") }
    }
}
