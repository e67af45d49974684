/// What hazard warnings (DENMs) did in a run: how many were sent, how many vehicle receptions
/// passed verification, and how many drivers acted on a warning before their own sensor saw the
/// obstacle, which is what a warning is for.
struct HazardWarningMetrics: Codable {
    /// DENMs signed and transmitted.
    var sent = 0
    /// Vehicle receptions of a DENM that passed verification.
    var accepted = 0
    /// Vehicles whose own sensor has seen hazard k, as keys (vehicle << 16 | k).
    private var sensed: Set<UInt64> = []
    /// Vehicles that braked for a warned-about hazard k before their sensor saw it, as keys.
    private var actedEarly: Set<UInt64> = []

    /// Vehicles that acted on a warning before their own sensor saw the hazard (each vehicle and
    /// hazard counted once).
    var actedBeforeSensing: Int { self.actedEarly.count }

    private static func key(vehicle: UInt32, hazard: UInt16) -> UInt64 { UInt64(vehicle) << 16 | UInt64(hazard) }

    /// Notes that `vehicle`'s own sensor sees hazard `hazard`.
    mutating func sensed(vehicle: UInt32, hazard: UInt16) {
        self.sensed.insert(Self.key(vehicle: vehicle, hazard: hazard))
    }

    /// Notes that `vehicle` drives behind warned-about hazard `hazard`; counted when its sensor has
    /// not seen that hazard yet.
    mutating func acted(vehicle: UInt32, hazard: UInt16) {
        let key = Self.key(vehicle: vehicle, hazard: hazard)
        if !self.sensed.contains(key) { self.actedEarly.insert(key) }
    }
}
