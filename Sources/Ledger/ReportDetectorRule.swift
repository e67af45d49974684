import V2VCrypto

/// The audit rule that ties every misbehaviour report to a detector declared on the chain.
///
/// A report leaf names the detector that decided (`ReportLeaf.detector`): a learned detector's
/// model digest, or a fixed identifier such as the rule-based detector's. A learned model's digest
/// must have been registered for the reporting certificate, in a `detector` leaf earlier in chain
/// order (lower height, or the same block at a lower leaf index), before the report: as the
/// registration leaf declares the driving model, the detector leaf declares which model version the
/// reports of that pseudonym come from. Fixed identifiers need no leaf (they name no model file).
/// Reports written before reports named their detector (57-byte bodies) are counted, not judged.
///
/// Feed every leaf of the final chain in chain order (`note`); the findings are the reports that
/// break the rule, in chain order. Only some contradict the chain (`Problem.contradictsChain`): a
/// digest nobody declared, or another model than the reporter declared. The others name a declared
/// model whose leaf for the reporter came later or not at all, which the uplink's ordering allows today.
public struct ReportDetectorRule: Sendable {
    /// Why a report breaks the rule.
    public enum Problem: Sendable, Equatable {
        /// No `detector` leaf anywhere on the chain registers this digest: a model nobody declared.
        case unknownDigest
        /// The reporter registered another digest (or digests) before the report, not this one.
        case reporterRegisteredOthers([Digest])
        /// The digest was registered for the reporter only after the report, at this height.
        case registeredLater(height: UInt64)
        /// The digest is declared on the chain (by other certificates), but not for the reporter.
        case reporterNeverRegistered

        /// Whether the report contradicts the chain (a failure), rather than only coming before its
        /// reporter's declaration: the uplink can anchor a vehicle's report before its detector leaf
        /// (another RSU, a lost and resent frame), or the run can end before the leaf is anchored.
        public var contradictsChain: Bool {
            switch self {
            case .unknownDigest, .reporterRegisteredOthers: return true
            case .registeredLater, .reporterNeverRegistered: return false
            }
        }
    }

    /// A report that breaks the rule.
    public struct Finding: Sendable, Equatable {
        /// Where the report leaf is: block height and leaf index.
        public var height: UInt64
        public var leafIndex: Int
        /// The reporting and the accused certificate.
        public var reporter: UInt64
        public var suspect: UInt64
        /// The detector digest the report names.
        public var detector: Digest
        public var problem: Problem
    }

    /// Identifiers a report may name without a `detector` leaf (the rule-based detector's).
    public let fixedIdentifiers: Set<Digest>
    /// Report leaves seen, those naming a fixed identifier, and those naming no detector (old layout).
    public private(set) var reportsChecked = 0
    public private(set) var reportsNamingFixedIdentifier = 0
    public private(set) var reportsNamingNoDetector = 0
    /// Distinct learned-detector digests the reports name, in first-seen order.
    public private(set) var namedDigests: [Digest] = []
    /// `detector` leaves seen.
    public private(set) var registrations = 0
    /// Findings beyond `maxFindings` are counted here, not kept.
    public private(set) var findingsNotKept = 0
    /// At most this many findings are kept (the chain is untrusted input).
    public let maxFindings: Int

    /// Digests registered per certificate, in chain order. Looked up only.
    private var registered: [UInt64: [Digest]] = [:]
    /// Reports not (yet) justified, for `registeredLater`.
    private var open: [Finding] = []
    private var named: Set<Digest> = []
    /// Every digest some `detector` leaf registered. Looked up only.
    private var declared: Set<Digest> = []

    /// A rule that accepts `fixedIdentifiers` without registration and keeps up to `maxFindings` findings.
    public init(fixedIdentifiers: Set<Digest>, maxFindings: Int = 50) {
        self.fixedIdentifiers = fixedIdentifiers
        self.maxFindings = maxFindings
    }

    /// Takes the next leaf of the chain (in chain order), at `height` and `leafIndex`.
    /// - Complexity: O(k) for the k digests registered for the leaf's certificate.
    public mutating func note(_ content: LeafContent, height: UInt64, leafIndex: Int) {
        switch content {
        case .detectorRegistration(let leaf):
            self.registrations += 1
            self.declared.insert(leaf.detector)
            var list = self.registered[leaf.certificate, default: []]
            if !list.contains(leaf.detector) { list.append(leaf.detector) }
            self.registered[leaf.certificate] = list
            // A report already found unjustified stays a finding; note when its digest came.
            for k in self.open.indices
            where self.open[k].reporter == leaf.certificate && self.open[k].detector == leaf.detector
                && self.open[k].problem == .reporterNeverRegistered {
                self.open[k].problem = .registeredLater(height: height)
            }
        case .misbehaviourReport(let report):
            self.reportsChecked += 1
            guard let detector = report.detector else {
                self.reportsNamingNoDetector += 1
                return
            }
            if self.fixedIdentifiers.contains(detector) {
                self.reportsNamingFixedIdentifier += 1
                return
            }
            if self.named.insert(detector).inserted { self.namedDigests.append(detector) }
            let list = self.registered[report.reporter] ?? []
            guard !list.contains(detector) else { return }
            guard self.open.count < self.maxFindings else {
                self.findingsNotKept += 1
                return
            }
            self.open.append(Finding(
                height: height, leafIndex: leafIndex, reporter: report.reporter, suspect: report.suspect,
                detector: detector, problem: list.isEmpty ? .reporterNeverRegistered : .reporterRegisteredOthers(list)))
        case .message, .revocation, .registration:
            return
        }
    }

    /// The reports that break the rule, in chain order (up to `maxFindings`; see `findingsNotKept`).
    /// A digest no detector leaf of the whole chain registers is `unknownDigest`.
    public var findings: [Finding] {
        self.open.map { finding in
            var f = finding
            if f.problem == .reporterNeverRegistered && !self.declared.contains(f.detector) { f.problem = .unknownDigest }
            return f
        }
    }
}
