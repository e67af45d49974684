/// Batched inference without allocation.
///
/// Rows go through the layers one at a time in two halves of a caller-owned scratch buffer, each
/// dot product summed in the same order as `DenseLayer.apply` (bias first, then inputs in index
/// order), so every output is bit-identical to `evaluate` on that row alone, whatever the batch's
/// size or order. Nothing here creates an array: the caller keeps the input, output and scratch
/// buffers from call to call (the traffic tick keeps them for the whole run).
extension MultilayerPerceptron {
    /// The widest vector a forward pass holds (inputs or any layer's outputs).
    public var widestVector: Int {
        var widest = self.inputCount
        for layer in self.layers { widest = max(widest, layer.outputs) }
        return widest
    }

    /// How many doubles of scratch a forward pass needs: two vectors of `widestVector`.
    public var scratchCount: Int { 2 * self.widestVector }

    /// Forward passes for `rows` inputs.
    ///
    /// - Parameters:
    ///   - inputs: `rows × inputCount` values, row-major.
    ///   - rows: the number of rows.
    ///   - outputs: receives `rows × outputCount` values, row-major.
    ///   - scratch: at least `scratchCount` values; its contents are overwritten.
    /// - Precondition: the buffers have those sizes.
    /// - Complexity: O(rows × parameterCount), no allocation.
    public func forward(
        batch inputs: UnsafeBufferPointer<Double>, rows: Int, into outputs: UnsafeMutableBufferPointer<Double>,
        scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let inputCount = self.inputCount
        let outputCount = self.outputCount
        precondition(rows >= 0 && inputs.count >= rows * inputCount, "inputs hold fewer than \(rows) rows")
        precondition(outputs.count >= rows * outputCount, "outputs hold fewer than \(rows) rows")
        precondition(scratch.count >= self.scratchCount, "scratch needs \(self.scratchCount) values")
        for r in 0..<rows {
            let input = UnsafeBufferPointer(rebasing: inputs[(r * inputCount)..<((r + 1) * inputCount)])
            let output = UnsafeMutableBufferPointer(rebasing: outputs[(r * outputCount)..<((r + 1) * outputCount)])
            self.forward(row: input, into: output, scratch: scratch)
        }
    }

    /// One forward pass: `input` (`inputCount` values) to `output` (`outputCount` values).
    /// - Precondition: `scratch` holds at least `scratchCount` values.
    public func forward(
        row input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>,
        scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let width = self.widestVector
        precondition(input.count >= self.inputCount && output.count >= self.outputCount, "row buffers too small")
        precondition(scratch.count >= 2 * width, "scratch needs \(2 * width) values")
        var current = UnsafeMutableBufferPointer(rebasing: scratch[0..<width])
        var next = UnsafeMutableBufferPointer(rebasing: scratch[width..<(2 * width)])
        for i in 0..<self.inputCount { current[i] = input[i] }
        let last = self.layers.count - 1
        for k in 0...last {
            Self.apply(self.layers[k], current, into: next, relu: k < last)
            swap(&current, &next)
        }
        for o in 0..<self.outputCount { output[o] = current[o] }
    }

    /// `DenseLayer.apply` over raw buffers: the same operations in the same order.
    @inline(__always)
    private static func apply(
        _ layer: DenseLayer, _ x: UnsafeMutableBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>,
        relu: Bool
    ) {
        let inputs = layer.inputs
        layer.weights.withUnsafeBufferPointer { weights in
            layer.biases.withUnsafeBufferPointer { biases in
                // Four outputs at a time: four independent sums, each still bias first and then
                // inputs in index order, so every output has exactly the bits of the one-at-a-time
                // loop; the four chains overlap in the pipeline instead of waiting on one add.
                var o = 0
                while o + 4 <= layer.outputs {
                    var s0 = biases[o]
                    var s1 = biases[o + 1]
                    var s2 = biases[o + 2]
                    var s3 = biases[o + 3]
                    let r0 = o * inputs
                    let r1 = r0 + inputs
                    let r2 = r1 + inputs
                    let r3 = r2 + inputs
                    for i in 0..<inputs {
                        let xi = x[i]
                        s0 += weights[r0 + i] * xi
                        s1 += weights[r1 + i] * xi
                        s2 += weights[r2 + i] * xi
                        s3 += weights[r3 + i] * xi
                    }
                    y[o] = relu ? max(0, s0) : s0
                    y[o + 1] = relu ? max(0, s1) : s1
                    y[o + 2] = relu ? max(0, s2) : s2
                    y[o + 3] = relu ? max(0, s3) : s3
                    o += 4
                }
                while o < layer.outputs {
                    var sum = biases[o]
                    let row = o * inputs
                    for i in 0..<inputs { sum += weights[row + i] * x[i] }
                    y[o] = relu ? max(0, sum) : sum
                    o += 1
                }
            }
        }
    }

    /// Array front end of `forward(batch:rows:into:scratch:)`: `inputs.count / inputCount` rows.
    ///
    /// Allocation-free as long as `outputs` and `scratch` are uniquely owned and large enough
    /// (`rows × outputCount` and `scratchCount` values), as buffers kept from call to call are.
    /// - Precondition: `inputs.count` is a multiple of `inputCount`.
    public func forward(batch inputs: [Double], into outputs: inout [Double], scratch: inout [Double]) {
        precondition(inputs.count % self.inputCount == 0, "inputs are not whole rows")
        let rows = inputs.count / self.inputCount
        precondition(outputs.count >= rows * self.outputCount, "outputs hold fewer than \(rows) rows")
        precondition(scratch.count >= self.scratchCount, "scratch needs \(self.scratchCount) values")
        inputs.withUnsafeBufferPointer { input in
            outputs.withUnsafeMutableBufferPointer { output in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    self.forward(batch: input, rows: rows, into: output, scratch: scratch)
                }
            }
        }
    }
}
