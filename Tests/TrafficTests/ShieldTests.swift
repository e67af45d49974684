import SimKernel
import Testing
@testable import Traffic

/// The safety shield between lane-choosing policies and the world (TrafficWorld+Shield.swift).
@Suite("Safety shield")
struct ShieldTests {
    static func world() -> TrafficWorld { MOBILTests.emptyHighway(lanes: 2) }

    /// The perception of vehicle `i` from the ground truth (no sensor limits): enough for the shield.
    static func perception(_ world: TrafficWorld, _ i: Int) -> Perception {
        let truth = world.groundTruthLeaders()[i]
        return Perception(gap: truth?.gap, leaderSpeed: truth?.speed ?? 0)
    }

    @Test("a lane change into a gap that makes the new follower brake harder than b_safe is refused")
    func unsafeLaneChange() {
        var world = Self.world()
        world.addVehicle(group: 0, lane: 0, position: 1_000, speed: 25)
        world.addVehicle(group: 0, lane: 1, position: 990, speed: 33)  // fast, close behind in lane 1
        let asked = LearnedDecision(acceleration: 0, lane: .left)
        let shielded = world.shield(0, proposed: asked, perceived: Self.perception(world, 0))
        #expect(shielded.laneTarget == nil)
        #expect(shielded.overrides == [.laneChange])
        #expect(shielded.acceleration == 0)
        // The same request with the follower far back passes, and the world's decide passes it on.
        var clear = Self.world()
        clear.addVehicle(group: 0, lane: 0, position: 1_000, speed: 25)
        clear.addVehicle(group: 0, lane: 1, position: 700, speed: 25)
        #expect(clear.shield(0, proposed: asked, perceived: Self.perception(clear, 0)) == (0, 1, []))
        var decisions = TrafficDecisions()
        let truth = clear.groundTruthLeaders()
        clear.decide(
            truth: truth, perceptions: [Self.perception(clear, 0), Self.perception(clear, 1)],
            learned: [asked, nil], into: &decisions)
        #expect(decisions.laneTargets[0] == 1 && decisions.shieldOverrides[0].isEmpty)
        // Right of the rightmost lane there is no road.
        let off = clear.shield(0, proposed: LearnedDecision(acceleration: 0, lane: .right), perceived: .freeRoad)
        #expect(off.laneTarget == nil && off.overrides == [.laneChange])
    }

    @Test("braking harder than the tyres allow is clamped to −b_max; accelerating into the leader falls back to IDM")
    func overBraking() {
        var world = Self.world()
        world.addVehicle(group: 0, lane: 0, position: 1_000, speed: 25)
        let free = world.shield(0, proposed: LearnedDecision(acceleration: -20, lane: .keep), perceived: .freeRoad)
        #expect(free.acceleration == -9 && free.overrides == [.accelerationBounds] && free.laneTarget == nil)
        let gentle = world.shield(0, proposed: LearnedDecision(acceleration: -2, lane: .keep), perceived: .freeRoad)
        #expect(gentle.acceleration == -2 && gentle.overrides.isEmpty)
        // 25 m/s, 20 m behind a standing obstacle: full throttle cannot stop in time
        // (0.5 s at +1 m/s² then 9 m/s²: 12.6 + 36.1 m > 20 − 2 m), so IDM's answer is taken.
        let obstacle = Perception(gap: 20, leaderSpeed: 0)
        let throttle = world.shield(0, proposed: LearnedDecision(acceleration: 1, lane: .keep), perceived: obstacle)
        let idm = IntelligentDriverModel.acceleration(parameters: world.vehicles[0].idm, speed: 25, gap: 20, leaderSpeed: 0)
        #expect(throttle.overrides == [.followingDistance])
        #expect(throttle.acceleration == max(idm, -9))
        #expect(!TrafficWorld.keepsStoppingDistance(speed: 25, acceleration: 1, gap: 20, leaderSpeed: 0, minimumGap: 2, braking: 9))
        #expect(TrafficWorld.keepsStoppingDistance(speed: 25, acceleration: 1, gap: 60, leaderSpeed: 0, minimumGap: 2, braking: 9))
    }
}
