import SimKernel
import Traffic
import V2VCrypto
import V2X

/// Hazard warnings (DENMs) at vehicle receivers, the simulation's side: what a receiver's own
/// sensor says about a warned spot (the station's checks ask it), and after every traffic step the
/// stations' review of the warnings they believe, with its reports routed and its drops scored.
extension Simulation {
    /// What `receiver`'s forward range sensor says about the spot `warning` names, as of the last
    /// traffic step; nil when the vehicle is not on the road.
    func sensorView(of receiver: VehicleState, on warning: HazardWarning) -> HazardSensorView? {
        let raw = Int(receiver.id.raw)
        guard raw < self.vehicleIndex.count, let index = self.vehicleIndex[raw] else { return nil }
        if self.hazardChecks.truth == nil { self.hazardChecks.truth = self.world.groundTruthLeaders() }
        let highway = self.world.highway
        let sensor = self.scenario.traffic[receiver.group].sensor
        let gap = highway.forwardDistance(from: receiver.position, to: warning.roadPosition - warning.length)
        let covers = Int(warning.lane) == receiver.lane && gap >= 0 && sensor.detects(distance: gap, road: highway)
        let seen = sensor.perceive(
            self.hazardChecks.truth![index], vehicle: receiver.id, now: self.now, seed: self.scenario.seed, road: highway)
        return HazardSensorView(claimedGap: gap, covers: covers, sensed: seen.flatMap { p in p.gap.map { ($0, p.leaderSpeed) } })
    }

    /// After a traffic step: samples speeds, notes who braked for a false warning, and (mode
    /// `full`) lets every vehicle's station check the warnings it believes against its own sensor
    /// and drop those whose sender has been revoked.
    func reviewHazardBeliefs() {
        self.hazardChecks.truth = nil
        for v in self.world.vehicles { self.hazardChecks.speedSum += v.speed }
        self.hazardChecks.speedSamples += self.world.vehicles.count
        for raw in self.hazardChecks.governedByFalse {
            guard raw < self.vehicleIndex.count, let i = self.vehicleIndex[raw] else { continue }
            if self.world.vehicles[i].acceleration < -HazardCheckState.brakingThreshold {
                self.hazardChecks.brakedForFalse.insert(raw)
            }
        }
        self.hazardChecks.governedByFalse.removeAll(keepingCapacity: true)
        for v in self.world.vehicles {
            let raw = Int(v.id.raw)
            guard raw < self.agents.count, let agent = self.agents[raw], !agent.station.hazards.isEmpty else { continue }
            let review = agent.station.reviewHazards(now: self.now, sensor: { self.sensorView(of: v, on: $0) })
            self.noteHazardsDropped(review.dropped, at: agent)
            for report in review.reports { self.forward(report, from: raw) }
        }
    }
}
