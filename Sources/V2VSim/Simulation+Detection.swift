#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Ledger
import SimKernel
import Traffic
import V2VCrypto
import V2X

/// Misbehaviour detection at vehicle receivers (verification mode `full`): plausibility checks on
/// every CAM that passed the cryptographic checks, scored against the ground truth; detections
/// become misbehaviour reports to the RSUs, whose ledger gets certificates revoked.
extension Simulation {
    /// The first failed check of a claim, counting it against ground truth; nil when plausible or
    /// when detection is off.
    func plausibilityFailure(
        _ claim: SensorBroadcast, envelope: SignedEnvelope, agent: VehicleAgent, receiver: VehicleState,
        attack: AttackType?, at time: SimTime
    ) -> (check: MisbehaviourReport.Check?, linked: UInt32?) {
        let config = self.scenario.security.detection
        guard config.enabled, self.scenario.security.verify == .full else { return (nil, nil) }
        let at = envelope.generationTime
        // Along the road (its heading on a highway, its circle on a ring), not along +x.
        let road = self.world.highway
        func extrapolated(_ belief: NeighbourBelief) -> SensorBroadcast { belief.extrapolated(to: at, along: road) }
        // The road's direction at an extrapolated point, as a heading: the belief's own heading
        // on a straight highway, the tangent there on a ring (SUMO degrees, clockwise from north).
        func along(_ b: SensorBroadcast, at point: SensorBroadcast) -> Double {
            let next = road.advance(x: point.x, y: point.y, heading: b.heading, by: 1)
            return atan2(next.x - point.x, next.y - point.y) * 180 / Double.pi
        }
        var previous = agent.neighbours[claim.stationID].map {
            ClaimRecord(broadcast: $0.broadcast, time: $0.generationTime)
        } ?? agent.rejectedClaims[claim.stationID]
        // A station heard for the first time right where a known one is expected is taken as that
        // station's pseudonym change (ETSI TR 103 415): its track continues under the new name.
        var linked: UInt32?
        if previous == nil {
            var best: (station: UInt32, distance: Double)?
            // A pseudonym changer keeps its beacon rhythm, so a known station heard less than one
            // beacon interval before this claim is another vehicle, not this one's old name.
            // A belief a linked claim was already rejected against is not offered again: rejected
            // claims are not stored, so that stale belief would otherwise be linked on every beacon.
            for (station, belief) in agent.neighbours
            where belief.broadcast.lane == claim.lane && at - belief.generationTime >= config.minBeaconInterval
                && agent.refusedLinks[station] != belief.generationTime {
                let expected = extrapolated(belief)
                let d = ((expected.x - claim.x) * (expected.x - claim.x) + (expected.y - claim.y) * (expected.y - claim.y))
                    .squareRoot()
                guard d <= config.positionTolerance,
                      best == nil || d < best!.distance || (d == best!.distance && station < best!.station)
                else { continue }
                // Being in the right place is not enough: an out-of-date belief, or one about
                // another vehicle, can be extrapolated onto this one. Only a belief this claim can
                // continue (speed change, distance moved, heading) is its old pseudonym.
                let record = ClaimRecord(broadcast: belief.broadcast, time: belief.generationTime)
                let turn = Self.headingDifference(claim.heading, along(belief.broadcast, at: expected))
                guard PlausibilityChecks.trackFailure(claim: claim, time: at, previous: record, config: config) == nil,
                      turn <= Self.linkHeadingTolerance
                else { continue }
                best = (station, d)
            }
            if let best, let belief = agent.neighbours[best.station] {
                linked = best.station
                previous = ClaimRecord(broadcast: belief.broadcast, time: belief.generationTime)
            }
        }
        // Others extrapolated to the claim's generation time at their claimed speed; only looked at
        // for a station heard for the first time.
        let others = agent.neighbours.lazy.filter { $0.key != linked }.map { extrapolated($0.value) }
        let receiverPoint = self.world.highway.point(position: receiver.position, lane: receiver.lateralLane)
        let check = PlausibilityChecks.firstFailure(
            claim: claim, time: at, previous: previous,
            receiverX: receiverPoint.x, receiverY: receiverPoint.y,
            receiverSince: agent.admittedAt, now: time, others: others, config: config,
            nearEntrance: self.world.highway.entrancePoints.contains { entrance in
                let dx = claim.x - entrance.x
                let dy = claim.y - entrance.y
                return dx * dx + dy * dy < config.appearanceRange * config.appearanceRange
            })
        if let attack, !attack.isOutsider {
            if let check {
                self.detection.counters[attack.rawValue].truePositives += 1
                self.detection.counters[attack.rawValue].byCheck[check, default: 0] += 1
            } else {
                self.detection.counters[attack.rawValue].falseNegatives += 1
            }
        } else if attack == nil {
            if let check {
                self.detection.falsePositives += 1
                self.detection.falsePositivesByCheck[check, default: 0] += 1
            } else {
                self.detection.trueNegatives += 1
            }
        }
        return (check, linked)
    }

    /// Largest difference between a new station's heading and the road direction a known one's
    /// belief is extrapolated along for the two to be linked [°]. A lane change turns a car by a few
    /// degrees; a vehicle going another way is not the same one.
    static let linkHeadingTolerance = 20.0

    /// Absolute difference of two headings, wrapped into 0...180 [°].
    static func headingDifference(_ a: Double, _ b: Double) -> Double {
        let d = abs(a - b).truncatingRemainder(dividingBy: 360)
        return min(d, 360 - d)
    }

    /// Sends a misbehaviour report about `envelope`'s signer to the ledger, through an RSU in range
    /// (`submitToLedger`); the committee revokes once enough distinct reporters are on the chain.
    func report(_ check: MisbehaviourReport.Check, envelope: SignedEnvelope, by agent: VehicleAgent, at time: SimTime, digest: Digest) {
        let suspect = envelope.signer.digest
        let report = MisbehaviourReport(
            reporter: agent.certificate.digest, suspect: suspect, check: check, time: time, evidence: digest.bytes)
        // (Never touch `self.agents` here: the caller holds the reporter's agent inout.)
        if let owner = self.detection.owner[suspect], self.detection.firstDetected[owner] == nil,
           self.detection.firstAttack[owner] != nil {
            self.detection.firstDetected[owner] = time
        }
        self.detection.reportsSent += 1
        self.submitToLedger(.report(report.ledgerLeaf), from: Int(agent.id.raw))
    }
}
