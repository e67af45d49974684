import Testing

@testable import NeuralNet

@Suite("MLP tensors in safetensors files")
struct MultilayerPerceptronFileTests {
    let net = TestDraws.network([3, 5, 2], seed: 11)

    func read(_ bytes: [UInt8]) throws(WeightsFileError) -> MultilayerPerceptron {
        let (tensors, _) = try Safetensors.read(bytes, path: "n.safetensors")
        return try MultilayerPerceptron(tensors: tensors, path: "n.safetensors")
    }

    @Test("F64 keeps every weight exactly; F32 rounds each to the nearest binary32")
    func dtypes() throws {
        let f64 = Safetensors.write(tensors: self.net.namedTensors, metadata: ["k": "v"], dtype: .f64)
        #expect(try self.read(f64) == self.net)
        let f32 = Safetensors.write(tensors: self.net.namedTensors, metadata: [:])
        let rounded = try self.read(f32)
        for (a, b) in zip(rounded.layers, self.net.layers) {
            #expect(a.weights == b.weights.map { Double(Float($0)) })
            #expect(a.biases == b.biases.map { Double(Float($0)) })
        }
        #expect(f64.count > f32.count)
        let header = String(decoding: f64[8..<(8 + Int(f64[0]) + Int(f64[1]) << 8)], as: UTF8.self)
        #expect(header.contains("\"layers.1.bias\":{\"dtype\":\"F64\",\"shape\":[2],"))
        #expect(header.contains("\"__metadata__\":{\"k\":\"v\"}"))
    }

    @Test("tensors that are not a chain of dense layers are named in the error")
    func badLayouts() {
        func expect(_ tensors: [(name: String, tensor: Tensor)], _ problem: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let bytes = Safetensors.write(tensors: tensors, metadata: [:])
            #expect(throws: WeightsFileError(path: "n.safetensors", problem: problem), sourceLocation: sourceLocation) {
                _ = try self.read(bytes)
            }
        }
        let w0 = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b0 = Tensor(shape: [2], values: [0, 0])
        expect([("layers.0.weight", w0)], "layers.0.bias is missing")
        expect([("layers.0.weight", w0), ("layers.0.bias", Tensor(shape: [3], values: [0, 0, 0]))],
               "layers.0: weight shape [2, 3] and bias shape [3] do not form a dense layer")
        expect([("layers.0.weight", w0), ("layers.0.bias", b0), ("layers.1.weight", Tensor(shape: [1, 3], values: [1, 1, 1])),
                ("layers.1.bias", Tensor(shape: [1], values: [0]))],
               "layers.1.weight takes 3 inputs but layers.0 gives 2")
        expect([("layers.0.weight", w0), ("layers.0.bias", b0), ("layers.2.weight", w0)], "unexpected tensor 'layers.2.weight'")
        expect([("weight", w0)], "no tensor layers.0.weight")
    }

    @Test("shape entries and offsets must be whole numbers in range")
    func integers() {
        func header(_ shape: String) -> [UInt8] {
            let text = "{\"t\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,4]}}"
            let n = UInt64(text.utf8.count)
            return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + Array(text.utf8) + [0, 0, 0, 0]
        }
        for bad in ["[1.5]", "[-1]", "[1e300]", "[\"1\"]", "[16777217]"] {
            #expect(throws: WeightsFileError.self, "shape \(bad)") { _ = try Safetensors.read(header(bad), path: "n") }
        }
        #expect((try? Safetensors.read(header("[1]"), path: "n")) != nil)
    }
}
