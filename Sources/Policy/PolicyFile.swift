import Foundation
import NeuralNet

/// v2vsim's MLP weights files: safetensors with tensors `layers.K.weight` (shape [out, in]) and
/// `layers.K.bias` (shape [out]) for K = 0, 1, …, and metadata `format = v2vsim-mlp-1` and
/// `features = observation-v1` (4 → 1) or `observation-v2` (36 → 4) (docs/policy.md).
public enum PolicyFile {
    public static let format = "v2vsim-mlp-1"
    /// The feature layout a file without another choice is written for.
    public static let features = ObservationVersion.v1.rawValue

    /// Loads an MLP policy from `path`.
    /// - Throws: `PolicyFileError` naming the file and what is wrong.
    public static func load(path: String) throws(PolicyFileError) -> MLPPolicy {
        try self.loadWithBytes(path: path).policy
    }

    /// Loads an MLP policy from `path` and returns the file's bytes with it, so that a caller can
    /// name the model by the digest of exactly the bytes it parsed (read once, no race with a
    /// file that changes afterwards).
    /// - Throws: `PolicyFileError` naming the file and what is wrong.
    public static func loadWithBytes(path: String) throws(PolicyFileError) -> (policy: MLPPolicy, bytes: [UInt8]) {
        let bytes = try Safetensors.readFile(path: path)
        return (try self.decode(bytes, path: path), bytes)
    }

    /// Decodes a policy from the bytes of a weights file.
    public static func decode(_ bytes: [UInt8], path: String) throws(PolicyFileError) -> MLPPolicy {
        func fail(_ problem: String) -> PolicyFileError { PolicyFileError(path: path, problem: problem) }
        let (tensors, metadata) = try Safetensors.read(bytes, path: path)
        guard metadata["format"] == Self.format else {
            throw fail("not a v2vsim policy: metadata format is \(metadata["format"].map { "'\($0)'" } ?? "missing"), expected '\(Self.format)'")
        }
        guard let version = ObservationVersion(rawValue: metadata["features"] ?? "") else {
            let known = ObservationVersion.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
            throw fail("policy expects features '\(metadata["features"] ?? "")', this build provides \(known)")
        }
        let network = try MultilayerPerceptron(tensors: tensors, path: path)
        guard network.inputCount == version.featureCount, network.outputCount == version.outputCount else {
            throw fail("network maps \(network.inputCount) inputs to \(network.outputCount) outputs; a policy needs "
                + "\(version.featureCount) → \(version.outputCount) for '\(version.rawValue)'")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return MLPPolicy(network: network, name: name, observation: version)
    }

    /// The bytes of a weights file for `network` reading `observation`, stored as `dtype` (F32 by default).
    public static func encode(
        _ network: MultilayerPerceptron, metadata extra: [String: String] = [:], dtype: TensorDType = .f32,
        observation: ObservationVersion = .v1
    ) -> [UInt8] {
        var metadata = extra
        metadata["format"] = Self.format
        metadata["features"] = observation.rawValue
        return Safetensors.write(tensors: network.namedTensors, metadata: metadata, dtype: dtype)
    }
}
