import Foundation
import Scenario
import Testing
import V2VSim
import V2VTestSupport

/// Event digests of short runs, pinned to the values the program gave before the profile-driven
/// performance pass (BENCHMARKS.md, 2026-12-02): that pass had to leave every result unchanged, and
/// so must any later change that is only about speed. A change that is meant to alter results
/// updates these values in the same commit and says why.
@Suite("Pinned event digests")
struct PinnedDigestTests {
    static func digest(_ path: String, duration: String) throws -> String {
        let scenario = try ScenarioLoader.load(path: path, overrides: ["duration=\(duration)"])
        return try Simulation(scenario: scenario).run(recorder: nil).eventDigest
    }

    @Test("highway.yaml, 2 s: two-ray channel with fading, CSMA/CA, MOBIL, RSUs and ledger")
    func highway() throws {
        #expect(try Self.digest(TestPaths.scenario("highway.yaml"), duration: "2s")
            == "33379427f6bd79ebfc08ca29930471c542a1dfcf22f611ad80de6b090c6b7aea")
    }

    @Test("merge.yaml, 3 s: on-ramp merges")
    func merge() throws {
        #expect(try Self.digest(TestPaths.scenario("merge.yaml"), duration: "3s")
            == "fd45e26e820aca4a6371565b26b7dc8f58d774fae4ecbccb0b62cff005d49b02")
    }

    @Test("the 1000-vehicle ring of bench-sumo, 2 s: lane changes around the circle")
    func ring() throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("bench/sumo/ring-1000.yaml").path
        #expect(try Self.digest(path, duration: "2s")
            == "afb5cd997da1d8213a0e4c25424509b440ab3c8efcc364d82f1a7c7973f185e4")
    }
}
