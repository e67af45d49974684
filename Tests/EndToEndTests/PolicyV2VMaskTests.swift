import Foundation
import Policy
import Testing
import Trace
import V2VTestSupport

/// `traffic[].policy_v2v: false`: the same network driving on its own sensors only.
@Suite("V2V inputs masked (policy_v2v)")
struct PolicyV2VMaskTests {
    static let weights = TestPaths.repositoryRoot.appendingPathComponent("Policies/driver-v2.safetensors").path

    /// Decisions of a short driver-v2 run, with or without V2V inputs.
    func decisions(usesV2V: Bool) throws -> [DecisionRow] {
        let dir = try TestPaths.temporaryDirectory("v2vmask")
        try """
            name: v2vmask
            seed: 5
            duration: 3s
            road: { kind: highway, length: 1.5km, lanes: 3 }
            traffic:
              - { type: car, count: 30, policy: \(Self.weights), policy_v2v: \(usesV2V) }
            record: { fcd: 500ms, receptions: none }
            """.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let result = try runProcess(TestPaths.cli, ["run", dir + "/s.yaml", "--out", dir, "--quiet"])
        try #require(result.status == 0, "stderr: \(result.stderr)")
        return try TraceReader(path: dir + "/trace.sqlite").decisions()
    }

    /// Feature indices of the V2V flags: one per neighbour slot, one for the hazard.
    static let v2vFlags = (0...ObservationV2.Slot.allCases.count).map { 6 + 4 * $0 + 3 }

    @Test("with V2V some slots come from verified CAMs; masked, none does, and the drivers decide differently")
    func masked() throws {
        let open = try self.decisions(usesV2V: true)
        let masked = try self.decisions(usesV2V: false)
        try #require(!open.isEmpty && !masked.isEmpty)
        let fromV2V = open.filter { row in Self.v2vFlags.contains { row.observation[$0] == 1 } }.count
        #expect(fromV2V > 0, "no observation used V2V in \(open.count) decisions")
        for row in masked {
            #expect(Self.v2vFlags.allSatisfy { row.observation[$0] == 0 }, "t \(row.time) vehicle \(row.vehicleID)")
        }
        #expect(open.map(\.observation) != masked.map(\.observation))
    }
}
