import Testing
import Traffic

@testable import Scenario

/// Road kinds, per-lane limits, vehicle types, MOBIL and sigma: decoded, and wrong values located.
@Suite("Traffic realism keys")
struct TrafficRealismDecodingTests {
    private func issues(_ text: String) -> [String] { ScenarioTestSupport.issues(text) }

    @Test("a truck group starts from the truck set; idm keys override single values")
    func truckDefaults() throws {
        let text = """
            name: t
            duration: 10s
            road: { kind: ring, length: 1km, lanes: 2, lane_speed_limits: [80km/h, 100km/h] }
            traffic:
              - { type: truck, count: 5, sigma: 0.3, sensor_range: 80m, idm: { T: 2s, b_max: 7m/s2 },
                  sensor: { rear_range: 60m, fov: 40, gap_noise: 0.5m, speed_noise: 0.2m/s },
                  mobil: { politeness: 0.5, threshold: 0.1m/s2, b_safe: 3m/s2, keep_right: 0.4m/s2, duration: 4s } }
            """
        #expect(self.issues(text) == [])
        let scenario = try ScenarioTestSupport.load(text)
        #expect(scenario.road.kind == .ring)
        #expect(scenario.road.laneSpeedLimits == [80 / 3.6, 100 / 3.6])
        let trucks = scenario.traffic[0]
        #expect(trucks.idm.vehicleLength == 12 && trucks.idm.timeHeadway == 2 && trucks.idm.maxAcceleration == 0.5)
        #expect(trucks.idm.maxDeceleration == 7 && IDMParameters().maxDeceleration == 9)
        #expect(trucks.sigma == 0.3 && trucks.sensorRange == 80)
        #expect(trucks.sensor.rearRange == 60 && trucks.sensor.fieldOfView == 40)
        #expect(trucks.sensor.gapNoise == 0.5 && abs(trucks.sensor.speedNoise - 0.2) < 1e-12)
        #expect(trucks.mobil.politeness == 0.5 && trucks.mobil.safeDeceleration == 3 && trucks.mobil.duration == 4)
        #expect(trucks.mobil.threshold == 0.1 && trucks.mobil.keepRightBias == 0.4)
    }

    @Test("policy_v2v: true by default, false masks V2V inputs, anything else is located")
    func policyV2V() throws {
        let base = "name: t\nduration: 10s\ntraffic:\n"
        #expect(try ScenarioTestSupport.load(base + "  - { count: 5 }\n").traffic[0].policyUsesV2V)
        #expect(try !ScenarioTestSupport.load(base + "  - { count: 5, policy_v2v: false }\n").traffic[0].policyUsesV2V)
        #expect(self.issues(base + "  - { count: 5, policy_v2v: off }\n")
            == ["t.yaml:4:29: traffic[0].policy_v2v: must be true or false, got 'off'"])
    }

    @Test("idm.coolness: 0 (plain IDM) by default, the ACC model's c when given, out of range located")
    func coolness() throws {
        let base = "name: t\nduration: 10s\ntraffic:\n"
        #expect(try ScenarioTestSupport.load(base + "  - { count: 5 }\n").traffic[0].idm.coolness == 0)
        #expect(try ScenarioTestSupport.load(base + "  - { count: 5, idm: { coolness: 0.99 } }\n").traffic[0].idm.coolness == 0.99)
        #expect(self.issues(base + "  - { count: 5, idm: { coolness: 1 } }\n")
            == ["t.yaml:4:34: traffic[0].idm.coolness: must be between 0 and 0.999, got 1"])
    }

    @Test("wrong realism values are reported where they are written")
    func errors() {
        let text = """
            name: t
            duration: 10s
            traffic:
              - { flow: 600/h, sigma: 2 }
            """
        #expect(self.issues(text) == ["t.yaml:4:27: traffic[0].sigma: must be between 0 and 1, got 2"])
        let shape = """
            name: t
            duration: 10s
            road: { kind: ring, length: 1km, lanes: 2, lane_speed_limits: [80km/h] }
            traffic:
              - { flow: 600/h }
            """
        #expect(
            self.issues(shape) == [
                "t.yaml:3:63: road.lane_speed_limits: gives 1 speed limits for 2 lanes (road.lanes); give one per lane",
                "t.yaml:5:13: traffic[0].flow: a ring road has no entrance; place its vehicles with 'count'",
            ])
    }

    @Test("inflow adds arrivals to a count group; not with flow, not on a ring")
    func inflow() throws {
        let ok = """
            name: t
            duration: 10s
            traffic:
              - { count: 20, inflow: 1800/h }
            """
        #expect(self.issues(ok) == [])
        #expect(try ScenarioTestSupport.load(ok).traffic[0].inflow == 1_800)
        let wrong = """
            name: t
            duration: 10s
            road: { kind: ring, length: 1km, lanes: 1 }
            traffic:
              - { flow: 600/h, inflow: 600/h }
              - { count: 5, inflow: 600/h }
            """
        let found = self.issues(wrong)
        #expect(found.contains { $0.hasSuffix("traffic[0].inflow: a 'flow' group has no 'inflow'; 'inflow' adds arrivals to a 'count' group") }, "\(found)")
        #expect(found.contains { $0.hasSuffix("traffic[1].inflow: a ring road has no entrance; drop 'inflow'") }, "\(found)")
    }

    @Test("an on-ramp must lie on a highway's length, and ramp groups need one")
    func onRamp() throws {
        let beyond = """
            name: t
            duration: 10s
            road: { length: 1km, lanes: 2, on_ramp: { start: 900m, length: 200m } }
            traffic:
              - { flow: 600/h, entry: on_ramp }
            """
        #expect(
            self.issues(beyond) == [
                "t.yaml:3:41: road.on_ramp: ends at 1.1km, beyond the end of the road (road.length 1km)"
            ])
        let missing = """
            name: t
            duration: 10s
            traffic:
              - { flow: 600/h, entry: on_ramp }
            """
        #expect(self.issues(missing) == ["t.yaml:4:27: traffic[0].entry: enters on the on-ramp, but road.on_ramp is not set"])
        let good = """
            name: t
            duration: 10s
            road: { length: 2km, lanes: 2, on_ramp: { start: 800m, length: 250m }, off_ramp: { position: 1.5km } }
            traffic:
              - { flow: 600/h, entry: on_ramp, exit_share: 0.25 }
            """
        let scenario = try ScenarioTestSupport.load(good)
        #expect(scenario.road.offRampPosition == 1_500 && scenario.traffic[0].exitShare == 0.25)
        #expect(scenario.road.onRamp?.end == 1_050)
        #expect(scenario.traffic[0].entry == .onRamp)
    }
}
