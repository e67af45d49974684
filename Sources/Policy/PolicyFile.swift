import Foundation

/// v2vsim's MLP weights files: safetensors with tensors `layers.K.weight` (shape [out, in]) and
/// `layers.K.bias` (shape [out]) for K = 0, 1, …, and metadata `format = v2vsim-mlp-1` and
/// `features = observation-v1` (docs/policy.md).
public enum PolicyFile {
    public static let format = "v2vsim-mlp-1"
    public static let features = "observation-v1"

    /// Loads an MLP policy from `path`.
    /// - Throws: `PolicyFileError` naming the file and what is wrong.
    public static func load(path: String) throws(PolicyFileError) -> MLPPolicy {
        // Read at most one byte more than a weights file may have, so a huge file (or a device
        // that never ends) costs no more than that.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PolicyFileError(path: path, problem: "cannot read the file")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: Safetensors.maximumFileBytes + 1) ?? Data() } catch {
            throw PolicyFileError(path: path, problem: "cannot read the file")
        }
        guard data.count <= Safetensors.maximumFileBytes else {
            throw PolicyFileError(
                path: path, problem: "larger than the \(Safetensors.maximumFileBytes >> 20) MiB a weights file may have")
        }
        return try self.decode([UInt8](data), path: path)
    }

    /// Decodes a policy from the bytes of a weights file.
    public static func decode(_ bytes: [UInt8], path: String) throws(PolicyFileError) -> MLPPolicy {
        func fail(_ problem: String) -> PolicyFileError { PolicyFileError(path: path, problem: problem) }
        let (tensors, metadata) = try Safetensors.read(bytes, path: path)
        guard metadata["format"] == Self.format else {
            throw fail("not a v2vsim policy: metadata format is \(metadata["format"].map { "'\($0)'" } ?? "missing"), expected '\(Self.format)'")
        }
        guard metadata["features"] == Self.features else {
            throw fail("policy expects features '\(metadata["features"] ?? "")', this build provides '\(Self.features)'")
        }
        var layers: [MultilayerPerceptron.Layer] = []
        while let w = tensors["layers.\(layers.count).weight"] {
            let k = layers.count
            guard let b = tensors["layers.\(k).bias"] else { throw fail("layers.\(k).bias is missing") }
            guard w.shape.count == 2, b.shape == [w.shape[0]], w.shape[0] > 0, w.shape[1] > 0 else {
                throw fail("layers.\(k): weight shape \(w.shape) and bias shape \(b.shape) do not form a dense layer")
            }
            if let previous = layers.last, previous.outputs != w.shape[1] {
                throw fail("layers.\(k).weight takes \(w.shape[1]) inputs but layers.\(k - 1) gives \(previous.outputs)")
            }
            layers.append(.init(inputs: w.shape[1], outputs: w.shape[0], weights: w.values, biases: b.values))
        }
        guard !layers.isEmpty else { throw fail("no tensor layers.0.weight") }
        guard tensors.count == 2 * layers.count else {
            let extra = tensors.keys.sorted().first { !$0.hasPrefix("layers.") } ?? "?"
            throw fail("unexpected tensor '\(extra)'")
        }
        guard layers[0].inputs == Observation.featureCount, layers[layers.count - 1].outputs == 1 else {
            throw fail("network maps \(layers[0].inputs) inputs to \(layers[layers.count - 1].outputs) outputs; a policy needs \(Observation.featureCount) → 1")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return MLPPolicy(network: MultilayerPerceptron(layers: layers), name: name)
    }

    /// The bytes of a weights file for `network`.
    public static func encode(_ network: MultilayerPerceptron, metadata extra: [String: String] = [:]) -> [UInt8] {
        var tensors: [(name: String, tensor: Tensor)] = []
        for (k, layer) in network.layers.enumerated() {
            tensors.append(("layers.\(k).weight", Tensor(shape: [layer.outputs, layer.inputs], values: layer.weights)))
            tensors.append(("layers.\(k).bias", Tensor(shape: [layer.outputs], values: layer.biases)))
        }
        var metadata = extra
        metadata["format"] = Self.format
        metadata["features"] = Self.features
        return Safetensors.write(tensors: tensors, metadata: metadata)
    }
}
