import SimKernel
import V2VCrypto

/// A hazard warning's identity: the originating station and its hazard id (ETSI's action id), so
/// that two stations' ids never shadow each other.
public struct HazardKey: Hashable, Sendable, Codable {
    public let station: UInt32
    public let hazard: UInt16

    public init(station: UInt32, hazard: UInt16) {
        self.station = station
        self.hazard = hazard
    }
}

/// A hazard warning a station accepted, and from when it may act on it.
public struct HazardBelief: Sendable, Codable {
    public let warning: HazardWarning
    public let availableAt: SimTime
    /// The envelope it came in and that envelope's SHA-256: the evidence of a later report.
    public let envelope: SignedEnvelope
    public let evidence: Digest

    public var key: HazardKey { HazardKey(station: self.warning.stationID, hazard: self.warning.hazardID) }

    /// Gap from a front bumper at `position` to the warned obstacle's rear, nil when its front is
    /// not ahead. On a ring, ahead means within half the circumference, as for true hazards.
    public func gap<Road: StationRoad>(from position: Double, road: Road) -> Double? {
        let toFront = road.forwardDistance(from: position, to: self.warning.roadPosition)
        guard toFront > 0, toFront < road.length / 2 || !road.isRing else { return nil }
        return toFront - self.warning.length
    }
}
