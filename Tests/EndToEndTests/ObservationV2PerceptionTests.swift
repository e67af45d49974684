import Policy
import SimKernel
import Testing
import Traffic
import V2VCrypto
import V2VSim
import V2X

/// Observation v2 as the perceive phase builds it: own range sensors first, then the neighbour
/// table of accepted (verified) CAMs, never the ground truth beyond the sensors.
@Suite("Observation v2 from perception")
struct ObservationV2PerceptionTests {
    @Test("a hand-built situation: sensed slots from the sensors, a verified CAM fills a slot with the V2V flag, a rejected one does not")
    func handBuilt() throws {
        var road = RoadConfig()
        road.lanes = 3
        road.length = 5_000
        var group = TrafficGroup()
        group.spawn = .flow(vehiclesPerHour: 0)
        var world = TrafficWorld(road: road, groups: [group], incidents: IncidentConfig(), seed: 1)
        world.addVehicle(group: 0, lane: 1, position: 1_000, speed: 25)  // the observer
        world.addVehicle(group: 0, lane: 1, position: 1_060, speed: 20)  // ahead, in sensor range
        world.addVehicle(group: 0, lane: 2, position: 980, speed: 30)  // left, behind, in rear range
        let highway = world.highway

        let ca = CertificateAuthority(key: try SigningKey(seed: [UInt8](repeating: 1, count: 32)))
        let own = try SigningKey(seed: [UInt8](repeating: 9, count: 32))
        let station = VehicleStation(
            vehicle: 0, key: own, certificate: ca.issue(subject: own.verifyingKey, validFrom: .zero, validUntil: .seconds(100)),
            verifier: StationVerifier(config: SecurityConfig(), trustedCA: ca.verifyingKey, caDigest: ca.digest),
            admittedAt: .zero)
        let sender = try SigningKey(seed: [UInt8](repeating: 2, count: 32))
        let certificate = ca.issue(subject: sender.verifyingKey, validFrom: .zero, validUntil: .seconds(100))
        let memo = SignatureMemo()
        func cam(station id: UInt32, lane: Int, x: Double, key: SigningKey) -> SignedEnvelope {
            let y = highway.point(position: x, lane: Double(lane)).y
            let claim = SensorBroadcast(stationID: id, x: x, y: y, speed: 27, heading: 90, acceleration: 0, length: 4.8, lane: UInt8(lane))
            return SignedEnvelope.sign(
                type: .cam, generationTime: .seconds(1), signer: .certificate(certificate), payload: claim.encoded(), key: key)
        }
        let receiver = ReceiverState(position: 1_000, lane: 1, x: 1_000, y: highway.point(position: 1_000, lane: 1).y)
        func receive(_ envelope: SignedEnvelope) -> ReceptionVerdict {
            station.receive(
                .success(envelope), digest: SHA256.hash(envelope.bytes), arrival: .seconds(1) + .microseconds(300),
                receiver: receiver, road: highway, memo: memo, sensor: { _ in nil })
        }
        // Right lane, 150 m ahead: nobody there in truth, so only V2V can tell of it.
        #expect(receive(cam(station: 7, lane: 0, x: 1_150, key: sender)).outcome == .accepted)
        // Left lane, 100 m ahead, signed with a key that is not the certificate's.
        let thief = try SigningKey(seed: [UInt8](repeating: 3, count: 32))
        #expect(receive(cam(station: 8, lane: 2, x: 1_100, key: thief)).outcome == .rejected(.badSignature))

        let now = SimTime.seconds(1) + .milliseconds(10)
        var o = ObservationV2(speed: 0, desiredSpeed: 0, speedLimit: 0, lane: 0, lanes: 1)
        Simulation.observeV2(vehicle: 0, world: world, station: station, sensor: RangeSensor(), now: now, seed: 1, into: &o)

        var expected = ObservationV2(speed: 25, desiredSpeed: 120 / 3.6, speedLimit: 120 / 3.6, lane: 1, lanes: 3)
        expected.neighbours[ObservationV2.Slot.ownLeader.rawValue] = .init(gap: 55, relativeSpeed: -5, source: .sensor)
        expected.neighbours[ObservationV2.Slot.leftFollower.rawValue] = .init(gap: 15, relativeSpeed: 5, source: .sensor)
        // Extrapolated 10 ms at its claimed 27 m/s, minus its claimed 4.8 m length.
        expected.neighbours[ObservationV2.Slot.rightLeader.rawValue] = .init(
            gap: (1_150 + 27 * 0.01) - 1_000 - 4.8, relativeSpeed: 2, source: .v2v)
        #expect(o == expected)
        // In the feature vector: slot "right leader" (index 4) present with the V2V flag; "left leader" absent.
        let f = o.features
        #expect(Array(f[22...25]) == [1, ((1_150 + 27 * 0.01) - 1_000 - 4.8) / 200, 0.1, 1])
        #expect(Array(f[14...17]) == [0, 1, 0, 0])
        #expect(Array(f[6...9]) == [1, 55.0 / 200, -0.25, 0])
    }
}
