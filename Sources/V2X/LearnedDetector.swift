#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNet
import V2VCrypto

/// A learned misbehaviour detector: an MLP over `DetectorFeatures` whose single output is the logit
/// that a CAM is an attack, read from a safetensors file (`detection.model`, trained by
/// `v2vsim detector train`). Immutable once loaded, so every station of a run shares one.
///
/// File format (docs/detector.md): the MLP tensors of `MultilayerPerceptron+Safetensors`, metadata
/// `format = v2vsim-detector-1`, `features` = `DetectorFeatures.layout`, one input per feature and one
/// output, plus provenance fields that loading ignores.
public final class LearnedDetector: Sendable {
    /// The metadata `format` of a detector file.
    public static let format = "v2vsim-detector-1"

    /// The identifier that reports of the rule-based detector name (no model file): the SHA-256 of
    /// `ruleBasedDescription`, changed whenever the rule-based detector's decision rule changes.
    public static let ruleBasedDigest = SHA256.hash(Array(ruleBasedDescription.utf8))

    /// The canonical description of the rule-based detector; its UTF-8 SHA-256 is `ruleBasedDigest`.
    public static let ruleBasedDescription =
        "v2vsim.detector.rules.v1: CaTCh-style confidence checks (Kamel et al. 2020), fused by their minimum, "
        + "per-sender doubt window, thresholds from the scenario"

    /// The network: `DetectorFeatures.count` inputs, one output (attack logit).
    public let network: MultilayerPerceptron
    /// SHA-256 of the file's bytes: what the ledger registers and every report names.
    public let digest: Digest
    /// The file's metadata (provenance), as read.
    public let metadata: [String: String]

    /// A detector from a network already in memory (training, tests).
    /// - Precondition: the network takes `DetectorFeatures.count` inputs and gives one output.
    public init(network: MultilayerPerceptron, digest: Digest, metadata: [String: String] = [:]) {
        precondition(network.inputCount == DetectorFeatures.count && network.outputCount == 1, "detector network shape")
        self.network = network
        self.digest = digest
        self.metadata = metadata
    }

    /// Parses a detector file's bytes, checked as untrusted input.
    /// - Parameter path: labels errors.
    /// - Throws: `WeightsFileError` naming what is wrong: not a safetensors file, not a detector
    ///   (format), another feature layout, or a network of the wrong shape.
    public convenience init(bytes: [UInt8], path: String) throws(WeightsFileError) {
        func fail(_ problem: String) -> WeightsFileError { WeightsFileError(path: path, problem: problem) }
        let (tensors, metadata) = try Safetensors.read(bytes, path: path)
        guard metadata["format"] == Self.format else {
            throw fail("not a v2vsim detector: metadata format is \(metadata["format"].map { "'\($0)'" } ?? "missing"), "
                + "expected '\(Self.format)'")
        }
        guard metadata["features"] == DetectorFeatures.layout else {
            throw fail("detector expects features '\(metadata["features"] ?? "")', this build provides '\(DetectorFeatures.layout)'")
        }
        let network = try MultilayerPerceptron(tensors: tensors, path: path)
        guard network.inputCount == DetectorFeatures.count else {
            throw fail("network takes \(network.inputCount) inputs, the features are \(DetectorFeatures.count)")
        }
        guard network.outputCount == 1 else { throw fail("network gives \(network.outputCount) outputs, expected 1") }
        self.init(network: network, digest: SHA256.hash(bytes), metadata: metadata)
    }

    /// Reads and parses the detector file at `path` (bounded read, `Safetensors.readFile`).
    /// - Throws: `WeightsFileError` as `init(bytes:path:)`, or when the file cannot be read.
    public static func load(path: String) throws(WeightsFileError) -> LearnedDetector {
        try LearnedDetector(bytes: Safetensors.readFile(path: path), path: path)
    }

    /// The file bytes of `network` with `metadata` (provenance) plus the format and feature layout.
    public static func fileBytes(_ network: MultilayerPerceptron, metadata extra: [String: String]) -> [UInt8] {
        var metadata = extra
        metadata["format"] = Self.format
        metadata["features"] = DetectorFeatures.layout
        return Safetensors.write(tensors: network.namedTensors, metadata: metadata, dtype: .f32)
    }

    /// Confidence in [0, 1] that the claim with `features` is genuine: 1 − sigmoid(attack logit),
    /// used in place of the rules' fused confidence (0.5 is the decision boundary the network was
    /// trained for, `message_threshold` by default).
    public func confidence(_ features: [Double]) -> Double {
        1 - Self.sigmoid(self.network.evaluate(features)[0])
    }

    /// The logistic function, stable for large |x|.
    public static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
}

/// The station's learned detector, if any. Not part of a checkpoint: a model is a file the scenario
/// names, loaded again when the run resumes and handed back with `VehicleStation.useDetector`.
struct DetectorSlot: Codable {
    var detector: LearnedDetector?
    /// Verdicts carry the feature vector (`v2vsim detector train` collects them).
    var collectingFeatures = false

    init(_ detector: LearnedDetector? = nil, collectingFeatures: Bool = false) {
        self.detector = detector
        self.collectingFeatures = collectingFeatures
    }

    init(from decoder: any Decoder) throws {
        // Read the placeholder back, so that a sequential (checkpoint) decoder stays in step.
        _ = try decoder.singleValueContainer().decode(Bool.self)
        self.detector = nil
    }

    func encode(to encoder: any Encoder) throws {
        // A placeholder, so that the checkpoint layout does not depend on whether a model is in use.
        var container = encoder.singleValueContainer()
        try container.encode(false)
    }
}
