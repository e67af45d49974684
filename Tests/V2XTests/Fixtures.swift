import SimKernel
import V2VCrypto
@testable import V2X

/// Deterministic keys, a CA and a certificate for V2X tests.
struct Fixtures {
    let ca: CertificateAuthority
    let key: SigningKey
    let certificate: Certificate

    init(validUntil: SimTime = .seconds(100)) {
        self.ca = CertificateAuthority(key: try! SigningKey(seed: [UInt8](repeating: 1, count: 32)))
        self.key = try! SigningKey(seed: [UInt8](repeating: 2, count: 32))
        self.certificate = self.ca.issue(subject: self.key.verifyingKey, validFrom: .zero, validUntil: validUntil)
    }

    var cam: SensorBroadcast {
        SensorBroadcast(stationID: 7, x: 1234.567, y: 5.25, speed: 27.78, heading: 90, acceleration: -1.25, length: 4.8, lane: 1)
    }

    func envelope(at time: SimTime, withCertificate: Bool = true, key: SigningKey? = nil) -> SignedEnvelope {
        SignedEnvelope.sign(
            type: .cam, generationTime: time,
            signer: withCertificate ? .certificate(self.certificate) : .digest(self.certificate.digest),
            payload: self.cam.encoded(), key: key ?? self.key)
    }

    func verifier(_ mode: VerificationMode = .full) -> StationVerifier {
        var config = SecurityConfig()
        config.verify = mode
        return StationVerifier(config: config, trustedCA: self.ca.verifyingKey, caDigest: self.ca.digest)
    }
}
