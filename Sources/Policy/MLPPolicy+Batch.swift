import NeuralNet

extension MLPPolicy {
    /// The batch through NeuralNet's allocation-free forward pass, one row at a time: equal to
    /// `acceleration(for:)` row by row, bit for bit (the same sums in the same order).
    ///
    /// The feature row and the scratch vectors live in one temporary buffer for the whole batch,
    /// on the stack for any network v2vsim ships (a few hundred doubles).
    public func decide(_ observations: [Observation], into actions: inout [DrivingAction]) {
        precondition(actions.count == observations.count, "one action slot per observation")
        let network = self.network
        let features = Observation.featureCount
        withUnsafeTemporaryAllocation(of: Double.self, capacity: features + 1 + network.scratchCount) { buffer in
            buffer.initialize(repeating: 0)
            let input = UnsafeMutableBufferPointer(rebasing: buffer[0..<features])
            let output = UnsafeMutableBufferPointer(rebasing: buffer[features..<(features + 1)])
            let scratch = UnsafeMutableBufferPointer(rebasing: buffer[(features + 1)...])
            for k in observations.indices {
                observations[k].writeFeatures(into: input)
                network.forward(row: UnsafeBufferPointer(input), into: output, scratch: scratch)
                actions[k] = DrivingAction(acceleration: Self.clamped(output[0]))
            }
        }
    }
}

extension Observation {
    /// Writes `features` into the first `featureCount` values of `buffer`.
    func writeFeatures(into buffer: UnsafeMutableBufferPointer<Double>) {
        let gap = min(self.gap ?? Self.gapHorizon, Self.gapHorizon)
        let closing = self.gap == nil ? 0 : self.speed - self.leaderSpeed
        buffer[0] = self.speed / 40
        buffer[1] = self.desiredSpeed / 40
        buffer[2] = gap / Self.gapHorizon
        buffer[3] = closing / 20
    }
}
