import SimKernel
import V2VCrypto
@testable import V2X

/// Hand-built stations numbered by their credentials, and CAMs whose claims move at the claimed
/// speed (so that plausibility checks pass), for the pending-certificate hold and neighbour answers.
struct P2PTestBench {
    let f = Fixtures()
    let memo = SignatureMemo()
    let road = StraightTestRoad()

    func credentials(_ n: UInt8) -> (key: SigningKey, certificate: Certificate) {
        let key = try! SigningKey(seed: [UInt8](repeating: 40 + n, count: 32))
        return (key, self.f.ca.issue(subject: key.verifyingKey, validFrom: .zero, validUntil: .seconds(100)))
    }

    func station(_ n: UInt8, _ change: (inout SecurityConfig) -> Void = { _ in }) -> VehicleStation {
        var config = SecurityConfig()
        change(&config)
        let verifier = StationVerifier(config: config, trustedCA: self.f.ca.verifyingKey, caDigest: self.f.ca.digest)
        let (key, certificate) = self.credentials(n)
        return VehicleStation(vehicle: UInt32(n), key: key, certificate: certificate, verifier: verifier, admittedAt: .zero)
    }

    /// A CAM by credentials `n` generated at `t`, its claim at 27.78 m/s along lane 1.
    func cam(
        by n: UInt8, at t: SimTime, full: Bool = false, requests: [HashedId3] = [], answer: Certificate? = nil
    ) -> SignedEnvelope {
        let (key, certificate) = self.credentials(n)
        var claim = self.f.cam
        claim.stationID = UInt32(n)
        claim.x = 1_000 + 100 * Double(n) + claim.speed * t.seconds
        claim.acceleration = 0
        return SignedEnvelope.sign(
            type: .cam, generationTime: t, signer: full ? .certificate(certificate) : .digest(certificate.digest),
            requests: requests, requestedCertificate: answer, payload: claim.encoded(), key: key)
    }

    @discardableResult
    func deliver(_ envelope: SignedEnvelope, at arrival: SimTime, to station: VehicleStation, message: UInt64 = 0)
        -> ReceptionVerdict
    {
        station.receive(
            .success(envelope), digest: SHA256.hash(envelope.bytes), arrival: arrival,
            receiver: ReceiverState(position: 900, lane: 1, x: 897.5, y: 5.25), road: self.road, memo: self.memo,
            sensor: { _ in nil }, ticket: HoldTicket(message: message, distance: 100))
    }

    func id(_ n: UInt8) -> HashedId3 { self.credentials(n).certificate.digest.hashedId3 }
}
