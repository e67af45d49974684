import SimKernel
import Trace
import Traffic

/// How a run's drivers drove: what `v2vsim policy eval` compares between the network and the
/// expert, and what each DAgger round reports.
///
/// Speeds, lanes and accelerations are taken after every traffic step from the vehicles on the
/// road, exactly the values the trace's `vehicles` table holds when its FCD interval is the step
/// (the test counts them from there); incidents are the world's own (Traffic's incident detection).
public struct DrivingMetrics: Sendable, Equatable {
    /// Collision episodes: a vehicle overlapping its leader or a hazard (`gap < 0`).
    public var collisions = 0
    /// Near-miss episodes: time to collision below the scenario's `incidents.near_miss_ttc`.
    public var nearMisses = 0
    /// Hard-braking episodes: deceleration beyond the scenario's `incidents.hard_braking`.
    public var hardBrakes = 0
    /// Lowest time to collision after any step [s]: to a leader while closing in, or to a hazard
    /// closer than `incidents.near_miss_ttc` of travel; infinity when nothing came that close.
    public var minimumTTC = Double.infinity
    /// Mean speed over every vehicle and traffic step after the first [m/s]; 0 without vehicles.
    public var meanSpeed = 0.0
    /// Vehicles that left past the road's end (not by the off-ramp).
    public var vehiclesOut = 0
    /// `vehiclesOut` per hour of simulated time.
    public var throughputPerHour = 0.0
    /// Lane changes, counted as the lane a vehicle reports (the band holding its centre) changing
    /// between two steps; merges from the acceleration lane count.
    public var laneChanges = 0
    /// Mean |Δa|/Δt over consecutive steps of the same vehicle [m/s³].
    public var meanAbsoluteJerk = 0.0
    /// Decisions of lane-choosing policies that the safety shield changed (0 for the expert).
    public var shieldOverrides = 0
    /// Decisions lane-choosing policies made (one per vehicle and step; 0 for the expert).
    public var shieldDecisions = 0

    public init() {}
}

/// Accumulates `DrivingMetrics` from the world after each traffic step. Set it as
/// `Simulation.drivingObserver` before `run`; the run itself is unchanged by it.
public final class DrivingObserver {
    private var speedSum = 0.0
    private var speedSamples = 0
    private var jerkSum = 0.0
    private var jerkSamples = 0
    private var laneChanges = 0
    /// Per `VehicleID.raw`: the reported lane and acceleration at the previous step (nil before
    /// the vehicle was seen).
    private var previous: [(lane: Int, acceleration: Double)?] = []
    private var vehiclesOut = 0
    private var minimumTTC = Double.infinity

    public init() {}

    /// Takes the vehicles as they are after the step that ended; `dt` is the step.
    func observe(_ world: TrafficWorld, dt: SimTime) {
        let h = dt.seconds
        for v in world.vehicles {
            let raw = Int(v.id.raw)
            if raw >= self.previous.count { self.previous.append(contentsOf: repeatElement(nil, count: raw + 1 - self.previous.count)) }
            self.speedSum += v.speed
            self.speedSamples += 1
            let lane = v.reportedLane
            if let before = self.previous[raw] {
                if before.lane != lane { self.laneChanges += 1 }
                self.jerkSum += abs(v.acceleration - before.acceleration) / h
                self.jerkSamples += 1
            }
            self.previous[raw] = (lane, v.acceleration)
        }
        self.vehiclesOut = world.departedCount - world.exitedCount
        self.minimumTTC = world.minimumTTC
    }

    /// The metrics of the run: what was observed with the run's incident and shield counts.
    func metrics(summary: RunSummary) -> DrivingMetrics {
        var m = DrivingMetrics()
        let incidents = Dictionary(summary.incidents, uniquingKeysWith: +)
        m.collisions = incidents[Incident.Kind.collision.rawValue] ?? 0
        m.nearMisses = incidents[Incident.Kind.nearMiss.rawValue] ?? 0
        m.hardBrakes = incidents[Incident.Kind.hardBraking.rawValue] ?? 0
        m.minimumTTC = self.minimumTTC
        m.meanSpeed = self.speedSamples > 0 ? self.speedSum / Double(self.speedSamples) : 0
        m.vehiclesOut = self.vehiclesOut
        let hours = summary.simulatedDuration.seconds / 3600
        m.throughputPerHour = hours > 0 ? Double(self.vehiclesOut) / hours : 0
        m.laneChanges = self.laneChanges
        m.meanAbsoluteJerk = self.jerkSamples > 0 ? self.jerkSum / Double(self.jerkSamples) : 0
        m.shieldOverrides = summary.shield.overrides
        m.shieldDecisions = summary.shield.decisions
        return m
    }
}

extension Simulation {
    /// Runs the scenario with a `DrivingObserver` (and `recorder`, when given) and returns how its
    /// drivers drove with the run's summary.
    /// - Throws: errors from the trace recorder only.
    public func runMeasured(recorder: TraceSink? = nil) throws -> (metrics: DrivingMetrics, summary: RunSummary) {
        let observer = DrivingObserver()
        self.drivingObserver = observer
        let summary = try self.run(recorder: recorder)
        return (observer.metrics(summary: summary), summary)
    }
}
