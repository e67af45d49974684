import SimKernel
import Traffic
import V2VCrypto
import V2X

/// The FakeHazard insider (attack type 23, v2vsim's own): genuine CAMs, valid certificate, and
/// repeated signed DENMs about a stopped vehicle that does not exist (built by the attacker's
/// station, `VehicleStation.falseHazardWarning`).
extension Simulation {
    /// Sends the attacker's false hazard warning and schedules its repetition.
    func sendFalseHazardWarning(from id: VehicleID) throws {
        let raw = Int(id.raw)
        // A vehicle that left the road stops attacking: nothing is rescheduled.
        guard raw < self.vehicleIndex.count, let index = self.vehicleIndex[raw], let station = self.agents[raw]?.station,
              let attack = station.attack
        else { return }
        let vehicle = self.world.vehicles[index]
        let highway = self.world.highway
        guard let (envelope, signer) = station.falseHazardWarning(
            position: vehicle.position, lane: vehicle.lane, now: self.now, road: highway)
        else { return }
        let senderPoint = highway.point(position: vehicle.position, lane: vehicle.lateralLane)
        let frame = OutgoingFrame(
            sender: id, x: senderPoint.x, y: senderPoint.y, envelope: envelope, signer: signer,
            publicKey: station.key.verifyingKey, generated: self.now, signed: self.now + self.scenario.security.signCost,
            attacker: AttackType.fakeHazard.name)
        self.queue.schedule(.falseHazardWarning(id), at: self.now + attack.denmInterval, phase: .broadcast)
        // Like a genuine DENM: highest access category, fixed access delay, no beacon backoff.
        try self.transmit(frame, at: frame.signed + self.scenario.radio.accessDelay)
    }
}
