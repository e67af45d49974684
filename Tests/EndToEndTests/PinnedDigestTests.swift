import Foundation
import Scenario
import Testing
import V2VSim
import V2VTestSupport

/// Event digests of short runs, pinned to the values the program gave before the profile-driven
/// performance pass (BENCHMARKS.md, 2026-12-02): that pass had to leave every result unchanged, and
/// so must any later change that is only about speed. A change that is meant to alter results
/// updates these values in the same commit and says why. Updated once since: wire format v2 (peer-to-peer
/// certificate requests, every envelope at least one byte longer) changed highway's and merge's runs;
/// the values are the certdist branch's own, which the merged tree reproduces. Updated again for wire
/// format v3 (requested certificate, one byte longer) with the pending-certificate hold and neighbour
/// answers, which change which CAMs are accepted and when. The ring sends no beacons.
@Suite("Pinned event digests")
struct PinnedDigestTests {
    static func digest(_ path: String, duration: String) throws -> String {
        let scenario = try ScenarioLoader.load(path: path, overrides: ["duration=\(duration)"])
        return try Simulation(scenario: scenario).run(recorder: nil).eventDigest
    }

    @Test("highway.yaml, 2 s: two-ray channel with fading, CSMA/CA, MOBIL, RSUs and ledger")
    func highway() throws {
        #expect(try Self.digest(TestPaths.scenario("highway.yaml"), duration: "2s")
            == "6dd813e78553e0ff9c07da749204471b681e2e4b6b5bcfe6e5a92e3c20c8db48")
    }

    @Test("merge.yaml, 3 s: on-ramp merges")
    func merge() throws {
        #expect(try Self.digest(TestPaths.scenario("merge.yaml"), duration: "3s")
            == "ffb925c8b51cd5822d8e7463ddacbc1086833f0294e870af5c13192b87d05a59")
    }

    @Test("the 1000-vehicle ring of bench-sumo, 2 s: lane changes around the circle")
    func ring() throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("bench/sumo/ring-1000.yaml").path
        #expect(try Self.digest(path, duration: "2s")
            == "afb5cd997da1d8213a0e4c25424509b440ab3c8efcc364d82f1a7c7973f185e4")
    }
}
