import Policy
import Scenario
import V2VCrypto
import V2X

/// The learned driving policies a scenario names, and its learned misbehaviour detector
/// (`security.detection.model`), loaded from their weights files.
///
/// `Scenario` only keeps references to the files (`Scenario.policyReferences`); they are read
/// here, above it, so that `Scenario` does not depend on the policy code. Each file is read once,
/// checked as untrusted input, and named by the SHA-256 of exactly the bytes that were parsed (what
/// the registration leaves record and `sha256sum` gives).
public struct LearnedPolicies: Sendable {
    /// One loaded weights file.
    public struct Entry: Sendable {
        /// The policy the file holds.
        public let policy: MLPPolicy
        /// SHA-256 of the file's bytes.
        public let digest: Digest
    }

    /// Loaded files by the path the scenario gives.
    public private(set) var entries: [String: Entry] = [:]
    /// The learned detector `security.detection.model` names; nil for the rule-based detector.
    public private(set) var detector: LearnedDetector?

    /// No learned policy: enough for scenarios whose groups all use built-in policies.
    public static let none = LearnedPolicies()

    private init() {}

    /// Loads every weights file `scenario` names.
    ///
    /// - Returns: the policies, by path.
    /// - Throws: `ScenarioErrors` with one issue per group whose file cannot be used, located at that
    ///   group's `policy` value: `FILE:LINE:COL: traffic[0].policy: cannot use this policy: WEIGHTS: what is wrong`.
    public static func load(for scenario: Scenario) throws(ScenarioErrors) -> LearnedPolicies {
        var loaded = LearnedPolicies()
        var failures: [String: PolicyFileError] = [:]
        var issues: [ScenarioIssue] = []
        for reference in scenario.policyReferences {
            if loaded.entries[reference.path] == nil && failures[reference.path] == nil {
                do {
                    let (policy, bytes) = try PolicyFile.loadWithBytes(path: reference.path)
                    loaded.entries[reference.path] = Entry(policy: policy, digest: SHA256.hash(bytes))
                } catch {
                    failures[reference.path] = error
                }
            }
            if let failure = failures[reference.path] {
                issues.append(reference.issue(.constraint("cannot use this policy: \(failure.description)")))
            }
        }
        if let reference = scenario.detectorReference {
            do {
                loaded.detector = try LearnedDetector.load(path: reference.path)
            } catch {
                issues.append(reference.issue(.constraint("cannot use this detector: \(error.description)")))
            }
        }
        guard issues.isEmpty else { throw ScenarioErrors(issues: issues) }
        return loaded
    }

    /// Makes `policy` drive every traffic group of `scenario` (DAgger rounds, `policy eval`): each
    /// group's `policy` becomes `name`, and the scenario no longer names weights files of its own.
    ///
    /// - Parameters:
    ///   - policy: the network, as decoded from the bytes whose SHA-256 is `digest`.
    ///   - name: how the groups name it (in the trace's `policy` columns); a file path or a label.
    /// - Returns: the policies for `Simulation(scenario:policies:)`.
    public static func driving(
        _ scenario: inout Scenario, by policy: MLPPolicy, digest: Digest, name: String
    ) -> LearnedPolicies {
        for g in scenario.traffic.indices { scenario.traffic[g].policy = name }
        scenario.policyReferences = []
        var loaded = LearnedPolicies()
        loaded.entries[name] = Entry(policy: policy, digest: digest)
        return loaded
    }

    /// Makes the expert (IDM with MOBIL) drive every traffic group of `scenario`.
    /// - Returns: no learned policy.
    public static func expertDriving(_ scenario: inout Scenario) -> LearnedPolicies {
        for g in scenario.traffic.indices { scenario.traffic[g].policy = "expert" }
        scenario.policyReferences = []
        return .none
    }

    /// The policy loaded from `path`, or nil when the scenario named no such file.
    public subscript(path: String) -> MLPPolicy? { self.entries[path]?.policy }

    /// Whether every weights file `scenario` names is loaded.
    public func covers(_ scenario: Scenario) -> Bool {
        scenario.policyReferences.allSatisfy { self.entries[$0.path] != nil }
            && (scenario.detectorReference == nil) == (self.detector == nil)
    }
}
