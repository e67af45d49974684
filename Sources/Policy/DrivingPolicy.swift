import Traffic

/// Turns observations into driving actions.
///
/// Policies are pure functions of their input: no state, no randomness, so runs stay deterministic
/// and a policy can be evaluated for many vehicles in any order.
public protocol DrivingPolicy: Sendable {
    /// A short name for traces ("expert", or the model file's name).
    var name: String { get }
    /// The acceleration to apply [m/s²].
    func acceleration(for observation: Observation) -> Double
    /// Decides for a whole batch, as the traffic tick does once per step for every vehicle a policy
    /// drives: `actions[k]` is the action for `observations[k]`.
    ///
    /// Every row is decided on its own, so the result does not depend on the batch's size or order,
    /// and it equals `acceleration(for:)` row by row, bit for bit. Implementations must not allocate
    /// per call: the caller keeps both buffers from tick to tick.
    ///
    /// - Precondition: `actions.count == observations.count`.
    func decide(_ observations: [Observation], into actions: inout [DrivingAction])
}

extension DrivingPolicy {
    /// Row by row through `acceleration(for:)`.
    public func decide(_ observations: [Observation], into actions: inout [DrivingAction]) {
        precondition(actions.count == observations.count, "one action slot per observation")
        for k in observations.indices { actions[k] = DrivingAction(acceleration: self.acceleration(for: observations[k])) }
    }
}

/// What a driving policy decides for one vehicle in one step.
public struct DrivingAction: Sendable, Equatable {
    /// Longitudinal acceleration [m/s²].
    public var acceleration: Double

    public init(acceleration: Double) { self.acceleration = acceleration }

    /// A placeholder for preallocated buffers.
    public static let none = DrivingAction(acceleration: 0)
}

/// The expert: the Intelligent Driver Model (Treiber, Hennecke, Helbing 2000) with fixed parameters.
public struct ExpertPolicy: DrivingPolicy {
    public let parameters: IDMParameters
    public var name: String { "expert" }

    public init(parameters: IDMParameters) { self.parameters = parameters }

    public func acceleration(for o: Observation) -> Double {
        var p = self.parameters
        p.desiredSpeed = o.desiredSpeed
        return IntelligentDriverModel.acceleration(parameters: p, speed: o.speed, gap: o.gap, leaderSpeed: o.leaderSpeed)
    }
}
