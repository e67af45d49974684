import SimKernel
import Traffic
import V2VCrypto
import V2X

/// The road, as the V2X station's checks query it.
extension Highway: StationRoad {}

/// One vehicle's V2X side as the simulation holds it: its station (the engine, which owns every
/// decision and belief) and the ground-truth labels of those beliefs, which only the run's scoring
/// and the summary read (never a station's decision, never a driver's).
///
/// The perception queries forward to the station, so drivers see exactly what the station believes.
final class VehicleAgent {
    let station: VehicleStation
    /// Ground truth: the hazard beliefs that came from an attacker's frame. Kept beside the station
    /// by `Simulation.score(_:label:at:)` from each verdict.
    var falseHazards: Set<HazardKey> = []

    init(station: VehicleStation) {
        self.station = station
    }

    var id: VehicleID { VehicleID(self.station.vehicle) }
    var stationID: UInt32 { self.station.stationID }
    var key: SigningKey { self.station.key }
    var certificate: Certificate { self.station.certificate }
    var attack: AttackState? { self.station.attack }

    /// The signer field and certificate requests of a CAM generated at `now` (the station chooses).
    func camHeader(at now: SimTime) -> CAMHeader { self.station.camHeader(at: now) }

    /// Drops beliefs generated before `cutoff`.
    func forgetBeliefs(before cutoff: SimTime) { self.station.forgetBeliefs(before: cutoff) }

    /// The nearest vehicle believed to be ahead in `lane` of a front bumper at road position `x`.
    func believedLeader(lane: Int, x: Double, now: SimTime, road: Highway) -> (gap: Double, speed: Double, station: UInt32)? {
        self.station.believedLeader(lane: lane, x: x, now: now, road: road)
    }

    /// The nearest warned-about obstacle ahead of a front bumper at road position `position` in
    /// `lane`, as (gap to its rear, hazard id, whether the warning was false), among warnings usable
    /// at `now`. `isFalse` is ground truth, for the summary's bookkeeping only.
    func warnedHazard(lane: Int, position: Double, now: SimTime, road: Highway) -> (gap: Double, id: UInt16, isFalse: Bool)? {
        guard let found = self.station.warnedHazard(lane: lane, position: position, now: now, road: road) else { return nil }
        let belief = self.station.hazards[found.index]
        return (found.gap, belief.warning.hazardID, self.falseHazards.contains(belief.key))
    }

    /// Every warned-about obstacle ahead of a front bumper at `position`, in any lane, among
    /// warnings usable at `now`, for the traffic layer; each tagged with its index in `hazards`.
    func warnedObstacles(position: Double, now: SimTime, road: Highway) -> [WarnedObstacle] {
        var obstacles: [WarnedObstacle] = []
        for (k, belief) in self.station.hazards.enumerated() where belief.availableAt <= now {
            guard let gap = belief.gap(from: position, road: road) else { continue }
            obstacles.append(WarnedObstacle(tag: UInt32(k), lane: Int(belief.warning.lane), gap: gap))
        }
        return obstacles
    }

    /// The station's hazard beliefs in order, each with its ground-truth label.
    var hazards: LabelledHazards { LabelledHazards(beliefs: self.station.hazards, falseKeys: self.falseHazards) }
}

/// A station's hazard beliefs with their ground-truth labels, indexed like `VehicleStation.hazards`.
struct LabelledHazards: RandomAccessCollection {
    let beliefs: [HazardBelief]
    let falseKeys: Set<HazardKey>

    var startIndex: Int { 0 }
    var endIndex: Int { self.beliefs.count }

    subscript(position: Int) -> LabelledHazard {
        let belief = self.beliefs[position]
        return LabelledHazard(belief: belief, isFalse: self.falseKeys.contains(belief.key))
    }
}

/// One hazard belief and whether, in truth, an attacker sent it.
struct LabelledHazard {
    let belief: HazardBelief
    let isFalse: Bool
    var warning: HazardWarning { self.belief.warning }
}
