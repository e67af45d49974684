/// Batched inference without allocation: each row goes through the layers in two scratch vectors
/// on the stack, summing every dot product in the same order as `evaluate`, so the outputs are
/// bit-identical to it.
extension MultilayerPerceptron {
    /// The widest vector a forward pass holds (inputs or any layer's outputs).
    var widestVector: Int {
        var widest = self.inputCount
        for layer in self.layers { widest = max(widest, layer.outputs) }
        return widest
    }

    /// Calls `body` with a forward pass function: fill its input (the first `inputCount` values),
    /// call it, read output 0. One stack allocation for the whole batch.
    func withForwardPass<Result>(_ body: (_ pass: (_ fill: (UnsafeMutableBufferPointer<Double>) -> Void) -> Double) -> Result) -> Result {
        let width = self.widestVector
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * width) { scratch in
            scratch.initialize(repeating: 0)
            let a = UnsafeMutableBufferPointer(rebasing: scratch[0..<width])
            let b = UnsafeMutableBufferPointer(rebasing: scratch[width..<(2 * width)])
            return body { fill in
                fill(a)
                var input = a
                var output = b
                for (k, layer) in self.layers.enumerated() {
                    let relu = k < self.layers.count - 1
                    layer.weights.withUnsafeBufferPointer { weights in
                        for o in 0..<layer.outputs {
                            var sum = layer.biases[o]
                            let row = o * layer.inputs
                            for i in 0..<layer.inputs { sum += weights[row + i] * input[i] }
                            output[o] = relu ? max(0, sum) : sum
                        }
                    }
                    swap(&input, &output)
                }
                return input[0]
            }
        }
    }
}

extension MLPPolicy {
    /// The batch through one stack-allocated forward pass: equal to `acceleration(for:)` row by row.
    public func decide(_ observations: [Observation], into actions: inout [DrivingAction]) {
        precondition(actions.count == observations.count, "one action slot per observation")
        self.network.withForwardPass { pass in
            for k in observations.indices {
                let a = pass { input in observations[k].writeFeatures(into: input) }
                actions[k] = DrivingAction(acceleration: min(max(a, Self.accelerationRange.lowerBound), Self.accelerationRange.upperBound))
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
