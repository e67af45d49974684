import Traffic

/// Turns an observation into a longitudinal acceleration [m/s²].
///
/// Policies are pure functions of their input: no state, no randomness, so runs stay deterministic
/// and a policy can be evaluated for many vehicles in any order.
public protocol DrivingPolicy: Sendable {
    /// A short name for traces ("expert", or the model file's name).
    var name: String { get }
    /// The acceleration to apply [m/s²].
    func acceleration(for observation: Observation) -> Double
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
