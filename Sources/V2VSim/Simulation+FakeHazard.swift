import SimKernel
import Traffic
import V2VCrypto
import V2X

/// The FakeHazard insider (attack type 23, v2vsim's own): genuine CAMs, valid certificate, and
/// repeated signed DENMs about a stopped vehicle that does not exist.
extension Simulation {
    /// Invented obstacles are a car's length.
    static let fakeHazardLength = 5.0

    /// Sends the attacker's false hazard warning and schedules its repetition.
    ///
    /// At the first warning the attacker fixes the spot `hazardDistance` ahead of its front bumper
    /// in its own lane, so the warning reads like a real detection by a radar; every repetition
    /// names the same spot and hazard id, as a DENM repetition of one event does (ETSI EN 302 637-3).
    func sendFalseHazardWarning(from id: VehicleID) throws {
        let raw = Int(id.raw)
        // A vehicle that left the road stops attacking: nothing is rescheduled.
        guard raw < self.vehicleIndex.count, let index = self.vehicleIndex[raw], self.agents[raw] != nil,
              var attack = self.agents[raw]!.attack
        else { return }
        let vehicle = self.world.vehicles[index]
        let highway = self.world.highway
        if attack.fakeSpot == nil {
            attack.fakeSpot = (highway.wrapped(vehicle.position + attack.hazardDistance), vehicle.lane)
            self.agents[raw]!.attack = attack
        }
        let spot = attack.fakeSpot!
        let point = highway.point(position: spot.position, lane: Double(spot.lane))
        let warning = HazardWarning(
            stationID: self.agents[raw]!.stationID, hazardID: 0x8000 | UInt16(truncatingIfNeeded: raw),
            cause: .stationaryVehicle, lane: UInt8(clamping: spot.lane), x: point.x, y: point.y,
            roadPosition: spot.position, length: Self.fakeHazardLength)
        let signer = self.agents[raw]!.signer(at: self.now)
        let key = self.agents[raw]!.key
        let envelope = SignedEnvelope.sign(
            type: .denm, generationTime: self.now, signer: signer, payload: warning.encoded(), key: key)
        let senderPoint = highway.point(position: vehicle.position, lane: vehicle.lateralLane)
        let frame = OutgoingFrame(
            sender: id, x: senderPoint.x, y: senderPoint.y, envelope: envelope, signer: signer,
            publicKey: key.verifyingKey, generated: self.now, signed: self.now + self.scenario.security.signCost,
            attacker: AttackType.fakeHazard.name)
        self.queue.schedule(.falseHazardWarning(id), at: self.now + attack.denmInterval, phase: .broadcast)
        // Like a genuine DENM: highest access category, fixed access delay, no beacon backoff.
        try self.transmit(frame, at: frame.signed + self.scenario.radio.accessDelay)
    }
}
