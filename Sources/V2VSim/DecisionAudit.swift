import Foundation
import Ledger
import NeuralNet
import Policy
import Trace
import V2VCrypto

/// What checking a trace's learned-policy decisions found.
public struct DecisionAuditReport: Sendable {
    /// Decision rows read.
    public var decisionsChecked = 0
    /// Distinct model digests the decisions name, in first-seen order.
    public var models: [String] = []
    /// Distinct model digests registered in final blocks.
    public var registeredModels = 0
    /// Decisions recomputed from a weights file (`--models`), and the files checked.
    public var decisionsRecomputed = 0
    public var filesChecked = 0
    /// Problems in the order met (at most `TraceAudit.maxProblems`).
    public var problems: [String] = []

    /// Whether everything checked out.
    public var isValid: Bool { self.problems.isEmpty }
}

/// Checks the `decisions` table against the chain and, when given, the weights files.
///
/// Every decision names the SHA-256 of the model that made it. That digest must have been
/// registered by some vehicle in a registration leaf of a final block (the chain itself is checked by
/// `TraceAudit`). With a models directory, each model's weights file (found by the policy's path
/// under the directory, or its file name there) must still have those bytes, and the network
/// from it must give exactly the recorded output for every recorded observation.
public enum DecisionAudit {
    /// Audits the decisions of the trace `reader` opened.
    /// - Parameters:
    ///   - reader: the trace.
    ///   - modelsDirectory: where the weights files are, or nil to check against the chain only.
    /// - Throws: only when the trace cannot be read at all.
    public static func audit(_ reader: TraceReader, modelsDirectory: String? = nil) throws -> DecisionAuditReport {
        var report = DecisionAuditReport()
        func problem(_ text: String) {
            if report.problems.count < TraceAudit.maxProblems { report.problems.append(text) }
        }
        var registered: Set<String> = []
        try reader.forEachLeaf { row in
            guard row.kind == LeafKind.registration.description,
                case .registration(let leaf)? = try? LedgerLeaf(encoded: row.leaf).content()
            else { return }
            registered.insert(leaf.model.hex)
        }
        report.registeredModels = registered.count
        var policyOf: [String: String] = [:]
        try reader.forEachDecision { row in
            report.decisionsChecked += 1
            guard policyOf[row.modelDigest] == nil else { return }
            policyOf[row.modelDigest] = row.policy
            report.models.append(row.modelDigest)
            if !registered.contains(row.modelDigest) {
                problem("decisions: model \(row.modelDigest) (policy \(row.policy), first at t=\(row.time.seconds) s, "
                    + "vehicle \(row.vehicleID)) was never registered in a final block")
            }
        }
        guard let modelsDirectory else { return report }
        var networks: [String: MultilayerPerceptron] = [:]
        for digest in report.models {
            let policy = policyOf[digest]!
            guard let path = Self.weightsFile(for: policy, in: modelsDirectory) else {
                problem("models: no weights file for \(policy) in \(modelsDirectory) (looked for \(policy) and its file name)")
                continue
            }
            report.filesChecked += 1
            let bytes: [UInt8]
            do { bytes = try Safetensors.readFile(path: path) } catch {
                problem(error.description)
                continue
            }
            let actual = SHA256.hash(bytes).hex
            guard actual == digest else {
                problem("\(path): SHA-256 is \(actual), but the decisions of \(policy) name \(digest)")
                continue
            }
            do { networks[digest] = try PolicyFile.decode(bytes, path: path).network } catch {
                problem(error.description)
            }
        }
        guard !networks.isEmpty else { return report }
        try reader.forEachDecision { row in
            guard let network = networks[row.modelDigest] else { return }
            guard row.observation.count == network.inputCount else {
                problem("decision at t=\(row.time.seconds) s, vehicle \(row.vehicleID): \(row.observation.count) inputs, "
                    + "the model takes \(network.inputCount)")
                return
            }
            report.decisionsRecomputed += 1
            let outputs = network.evaluate(row.observation)
            if outputs[0].bitPattern != row.output.bitPattern {
                problem("decision at t=\(row.time.seconds) s, vehicle \(row.vehicleID): the model gives \(outputs[0]), "
                    + "the trace records \(row.output)")
            }
            // A lane-choosing model's lane is the arg max of its logits: recompute it too.
            if outputs.count == ObservationVersion.v2.outputCount {
                let lane = outputs.withUnsafeBufferPointer { MLPPolicy.action(outputs: $0) }.lane?.rawValue
                if lane != row.laneChoice {
                    problem("decision at t=\(row.time.seconds) s, vehicle \(row.vehicleID): the model chooses lane "
                        + "\(lane.map(String.init) ?? "none"), the trace records \(row.laneChoice.map(String.init) ?? "none")")
                }
            }
        }
        return report
    }

    /// The weights file of `policy` (a path as the scenario gave it) under `directory`: the path
    /// itself joined to the directory, else its file name there.
    static func weightsFile(for policy: String, in directory: String) -> String? {
        let base = URL(fileURLWithPath: directory)
        let candidates: [String?] = [
            policy.hasPrefix("/") ? nil : base.appendingPathComponent(policy).path,
            base.appendingPathComponent(URL(fileURLWithPath: policy).lastPathComponent).path,
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
