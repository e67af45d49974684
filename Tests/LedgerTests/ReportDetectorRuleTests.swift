import Ledger
import SimKernel
import Testing
import V2VCrypto

/// `ReportDetectorRule`: a report's learned-detector digest must be registered for its reporter before it.
@Suite("Report detector rule")
struct ReportDetectorRuleTests {
    static let rules = Fixture.digest("rule-based detector")
    static let model = Fixture.digest("detector model A")
    static let other = Fixture.digest("detector model B")

    static func report(by reporter: UInt64, naming detector: Digest?) -> LeafContent {
        .misbehaviourReport(ReportLeaf(
            reporter: reporter, suspect: 0x99, check: 4, time: .seconds(3), evidence: Fixture.digest("evidence"),
            detector: detector))
    }

    static func registration(_ certificate: UInt64, _ detector: Digest) -> LeafContent {
        .detectorRegistration(DetectorRegistrationLeaf(certificate: certificate, detector: detector, time: .seconds(1)))
    }

    /// Feeds `leaves` as (height, content) in the order given, leaf indices counted per block.
    static func run(_ leaves: [(UInt64, LeafContent)]) -> ReportDetectorRule {
        var rule = ReportDetectorRule(fixedIdentifiers: [Self.rules])
        var index: [UInt64: Int] = [:]
        for (height, content) in leaves {
            rule.note(content, height: height, leafIndex: index[height, default: 0])
            index[height, default: 0] += 1
        }
        return rule
    }

    @Test("a report naming its reporter's registered digest, the rules' identifier or no detector passes")
    func justified() {
        let rule = Self.run([
            (1, Self.registration(0xA, Self.model)),
            (1, Self.report(by: 0xA, naming: Self.model)),
            (2, Self.report(by: 0xA, naming: Self.model)),
            (2, Self.report(by: 0xB, naming: Self.rules)),
            (3, Self.report(by: 0xC, naming: nil)),
        ])
        #expect(rule.findings.isEmpty)
        #expect(rule.reportsChecked == 4 && rule.reportsNamingFixedIdentifier == 1 && rule.reportsNamingNoDetector == 1)
        #expect(rule.namedDigests == [Self.model] && rule.registrations == 1)
    }

    @Test("an undeclared digest, one declared for another certificate, another model, or a later declaration is found; two contradict the chain")
    func flagged() {
        let rule = Self.run([
            (1, Self.report(by: 0xA, naming: Self.model)),        // nobody registered anything yet
            (1, Self.registration(0xB, Self.model)),
            (2, Self.report(by: 0xC, naming: Self.model)),        // registered for 0xB, not for 0xC
            (2, Self.registration(0xD, Self.other)),
            (3, Self.report(by: 0xD, naming: Self.model)),        // 0xD declared another model
            (4, Self.report(by: 0xE, naming: Self.model)),        // 0xE registers it only afterwards
            (5, Self.registration(0xE, Self.model)),
            (6, Self.report(by: 0xF, naming: Fixture.digest("nobody's model"))),
        ])
        let f = rule.findings
        #expect(f.map(\.reporter) == [0xA, 0xC, 0xD, 0xE, 0xF])
        #expect(f.map(\.height) == [1, 2, 3, 4, 6] && f.map(\.leafIndex) == [0, 0, 0, 0, 0])
        #expect(f[0].problem == .reporterNeverRegistered)
        #expect(f[1].problem == .reporterNeverRegistered)
        #expect(f[2].problem == .reporterRegisteredOthers([Self.other]))
        #expect(f[3].problem == .registeredLater(height: 5))
        #expect(f[4].problem == .unknownDigest)
        #expect(f.map(\.problem.contradictsChain) == [false, false, true, false, true])
        #expect(f.dropLast().allSatisfy { $0.detector == Self.model && $0.suspect == 0x99 })
    }

    @Test("findings beyond the limit are counted, not kept")
    func bounded() {
        var rule = ReportDetectorRule(fixedIdentifiers: [], maxFindings: 3)
        for k in 0..<10 { rule.note(Self.report(by: UInt64(k), naming: Self.model), height: 1, leafIndex: k) }
        #expect(rule.findings.count == 3 && rule.findingsNotKept == 7 && rule.reportsChecked == 10)
    }
}
