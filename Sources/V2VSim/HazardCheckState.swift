import Traffic
import V2X

/// Bookkeeping for hazard warnings (DENMs): the ground-truth view the receivers' sensor checks
/// need, refutations, and what false warnings made drivers do (for the summary).
struct HazardCheckState: Codable {
    /// A driver counts as braking for a false hazard when, with a false warning as its nearest
    /// perceived obstacle, it decelerated harder than this [m/s²]: mild enough to catch every
    /// deliberate slow-down, firmer than the expert's coasting.
    static let brakingThreshold = 0.5

    /// True leaders of the current traffic step, indexed like `world.vehicles`; computed on the
    /// first DENM check after a step (the world only moves in traffic steps), nil until then.
    var truth: [GroundTruthLeader?]?
    /// Vehicles (raw ids) whose nearest perceived obstacle in this step was a false warning.
    var governedByFalse: [Int] = []
    /// Vehicles that took a false warning into their beliefs, and those that braked for one. Only counted.
    var warnedFalsely: Set<Int> = []
    var brakedForFalse: Set<Int> = []
    /// Beliefs dropped after a receiver refuted them with its own sensor or the sender was revoked.
    var falseBeliefsDropped = 0
    var genuineBeliefsDropped = 0
    /// Sum of all vehicles' speeds over traffic steps, and the number of terms [m/s].
    var speedSum = 0.0
    var speedSamples = 0
}
