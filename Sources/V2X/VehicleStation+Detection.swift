#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SimKernel

/// Misbehaviour detection on CAMs (verification mode `full`): plausibility checks on every CAM
/// that passed the cryptographic checks, and pseudonym linking for stations heard for the first time.
extension VehicleStation {
    /// Largest difference between a new station's heading and the road direction a known one's
    /// belief is extrapolated along for the two to be linked [°]. A lane change turns a car by a few
    /// degrees; a vehicle going another way is not the same one.
    public static let linkHeadingTolerance = 20.0

    /// Absolute difference of two headings, wrapped into 0...180 [°].
    public static func headingDifference(_ a: Double, _ b: Double) -> Double {
        let d = abs(a - b).truncatingRemainder(dividingBy: 360)
        return min(d, 360 - d)
    }

    /// What the checks find on `claim`, verified at `time`, and the known station it was linked to
    /// as its previous pseudonym; a nil finding when detection is off.
    func plausibility<Road: StationRoad>(
        of claim: SensorBroadcast, envelope: SignedEnvelope, receiver: ReceiverState, at time: SimTime, road: Road
    ) -> (finding: PlausibilityFinding?, linked: UInt32?) {
        guard self.detects else { return (nil, nil) }
        let config = self.config.detection
        let at = envelope.generationTime
        // Along the road (its heading on a highway, its circle on a ring), not along +x.
        func extrapolated(_ belief: NeighbourBelief) -> SensorBroadcast { belief.extrapolated(to: at, along: road) }
        // The road's direction at an extrapolated point, as a heading: the belief's own heading
        // on a straight highway, the tangent there on a ring (SUMO degrees, clockwise from north).
        func along(_ b: SensorBroadcast, at point: SensorBroadcast) -> Double {
            let next = road.advance(x: point.x, y: point.y, heading: b.heading, by: 1)
            return atan2(next.x - point.x, next.y - point.y) * 180 / Double.pi
        }
        var previous = self.neighbours[claim.stationID].map {
            ClaimRecord(broadcast: $0.broadcast, time: $0.generationTime)
        } ?? self.rejectedClaims[claim.stationID]
        // A station heard for the first time right where a known one is expected is taken as that
        // station's pseudonym change (ETSI TR 103 415): its track continues under the new name.
        var linked: UInt32?
        if previous == nil {
            var best: (station: UInt32, distance: Double)?
            // A pseudonym changer keeps its beacon rhythm, so a known station heard less than one
            // beacon interval before this claim is another vehicle, not this one's old name.
            // A belief a linked claim was already rejected against is not offered again: rejected
            // claims are not stored, so that stale belief would otherwise be linked on every beacon.
            for (station, belief) in self.neighbours
            where belief.broadcast.lane == claim.lane && at - belief.generationTime >= config.minBeaconInterval
                && self.refusedLinks[station] != belief.generationTime {
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
            if let best, let belief = self.neighbours[best.station] {
                linked = best.station
                previous = ClaimRecord(broadcast: belief.broadcast, time: belief.generationTime)
            }
        }
        // Others extrapolated to the claim's generation time at their claimed speed; only looked at
        // for a station heard for the first time.
        let others = self.neighbours.lazy.filter { $0.key != linked }.map { extrapolated($0.value) }
        let check = PlausibilityChecks.firstFailure(
            claim: claim, time: at, previous: previous,
            receiverX: receiver.x, receiverY: receiver.y,
            receiverSince: self.admittedAt, now: time, others: others, config: config,
            nearEntrance: road.entrancePoints.contains { entrance in
                let dx = claim.x - entrance.x
                let dy = claim.y - entrance.y
                return dx * dx + dy * dy < config.appearanceRange * config.appearanceRange
            })
        return (check.map { .implausible($0) } ?? .plausible, linked)
    }
}
