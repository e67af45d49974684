import NeuralNet
import Traffic

/// Observation v2 policies: one batched forward pass over all the vehicles a policy drives in a
/// tick, then the action of each row from its four outputs.
extension MLPPolicy {
    /// The output indices of a v2 network.
    public enum LaneOutput {
        public static let acceleration = 0
        public static let left = 1
        public static let keep = 2
        public static let right = 3
    }

    /// The action a v2 network's four `outputs` mean: the acceleration clamped to
    /// `accelerationRange`, and the lane choice with the highest logit; on a tie keep wins, then
    /// left (a fixed order, so equal logits never depend on anything else).
    public static func action(outputs: UnsafeBufferPointer<Double>) -> LearnedDecision {
        let left = outputs[LaneOutput.left]
        let keep = outputs[LaneOutput.keep]
        let right = outputs[LaneOutput.right]
        var lane = LaneChoice.keep
        var best = keep
        if left > best { lane = .left; best = left }
        if right > best { lane = .right }
        return LearnedDecision(acceleration: Self.clamped(outputs[LaneOutput.acceleration]), lane: lane)
    }

    /// The action for one v2 observation (the reference evaluation; it allocates).
    /// - Precondition: the policy reads observation v2.
    public func action(for observation: ObservationV2) -> LearnedDecision {
        precondition(self.observation == .v2, "action(for:) takes observation v2")
        let outputs = self.network.evaluate(observation.features)
        return outputs.withUnsafeBufferPointer { Self.action(outputs: $0) }
    }

    /// Decides for `rows` vehicles at once: `features` holds their `ObservationV2` feature rows
    /// (row-major, `ObservationV2.featureCount` each), `outputs` receives the network's four raw
    /// outputs per row, `actions[k]` the action of row k.
    ///
    /// One forward pass per row through NeuralNet's allocation-free batch, each dot product summed
    /// in index order: every row is bit-identical to `action(for:)` on it alone, whatever the
    /// batch's size, order or the thread it runs on. Nothing is allocated when the caller's buffers
    /// are large enough (it keeps them from tick to tick).
    /// - Precondition: the policy reads observation v2; the buffers hold `rows` rows and
    ///   `scratch` at least `network.scratchCount` values.
    public func decide(
        features: UnsafeBufferPointer<Double>, rows: Int, outputs: UnsafeMutableBufferPointer<Double>,
        scratch: UnsafeMutableBufferPointer<Double>, into actions: UnsafeMutableBufferPointer<LearnedDecision>
    ) {
        precondition(self.observation == .v2, "decide(features:…) takes observation v2 rows")
        precondition(actions.count >= rows, "one action slot per row")
        self.network.forward(batch: features, rows: rows, into: outputs, scratch: scratch)
        let width = self.observation.outputCount
        for r in 0..<rows {
            actions[r] = Self.action(outputs: UnsafeBufferPointer(rebasing: outputs[(r * width)..<((r + 1) * width)]))
        }
    }
}
