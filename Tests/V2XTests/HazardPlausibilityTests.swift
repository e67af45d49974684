import Testing
import V2X

@Suite("DENM plausibility checks")
struct HazardPlausibilityTests {
    let config = DetectionConfig()

    /// A stopped car in lane 0 whose front is at x = 1000 m (rear at 995 m), lane centre y = 1.75 m.
    func warning(x: Double = 1000, y: Double = 1.75) -> HazardWarning {
        HazardWarning(stationID: 7, hazardID: 3, cause: .stationaryVehicle, lane: 0, x: x, y: y, roadPosition: 1000, length: 5)
    }

    func car(front x: Double, speed: Double, lane: UInt8 = 0, station: UInt32 = 9) -> SensorBroadcast {
        SensorBroadcast(stationID: station, x: x, y: 1.75, speed: speed, heading: 90, acceleration: 0, length: 5, lane: lane)
    }

    @Test("an honest report passes every check: sender 60 m behind, nothing driving through, the sensor sees it")
    func honest() {
        let view = HazardSensorView(claimedGap: 95, covers: true, sensed: (95.2, 0))
        #expect(HazardPlausibility.firstFailure(
            self.warning(), expected: (1000, 1.75), senderX: 935, others: [self.car(front: 900, speed: 30)],
            sensor: view, config: self.config) == nil)
    }

    @Test("geometry: the world position must match the road position and lane, within the position tolerance")
    func geometry() {
        #expect(HazardPlausibility.geometryFailure(self.warning(x: 1009), expected: (1000, 1.75), config: self.config) == nil)
        #expect(HazardPlausibility.geometryFailure(self.warning(x: 1011), expected: (1000, 1.75), config: self.config) == .hazardGeometry)
        #expect(HazardPlausibility.geometryFailure(self.warning(y: 13), expected: (1000, 1.75), config: self.config) == .hazardGeometry)
    }

    @Test("sender: behind the rear within the 250 m sensing range (+10 m slack); past it, or farther, fails",
          arguments: [(nil as Double?, true), (990, true), (1004, true), (1006, false), (745, true), (734, false)])
    func sender(x: Double?, plausible: Bool) {
        let check = HazardPlausibility.senderFailure(self.warning(), senderX: x, config: self.config)
        #expect(check == (plausible ? nil : .hazardSender))
    }

    @Test("moving vehicle: a car in the lane overlapping the obstacle and faster than 2 m/s refutes it")
    func movingVehicle() {
        func check(_ car: SensorBroadcast) -> MisbehaviourReport.Check? {
            HazardPlausibility.movingVehicleFailure(self.warning(), others: [car], config: self.config)
        }
        #expect(check(self.car(front: 998, speed: 25)) == .hazardMovingVehicle)
        #expect(check(self.car(front: 1004, speed: 25)) == .hazardMovingVehicle, "its rear at 999 m is inside")
        #expect(check(self.car(front: 1005, speed: 25)) == nil, "rear exactly at the obstacle's front")
        #expect(check(self.car(front: 995, speed: 25)) == nil, "front exactly at the obstacle's rear")
        #expect(check(self.car(front: 998, speed: 1.5)) == nil, "standing there is what the warning says")
        #expect(check(self.car(front: 998, speed: 25, lane: 1)) == nil, "another lane")
    }

    @Test("sensor: judged only when it covers the spot; nothing seen, seen farther, or seen moving refutes")
    func sensor() {
        func check(gap: Double = 95, covers: Bool = true, _ sensed: (Double, Double)?) -> MisbehaviourReport.Check? {
            HazardPlausibility.sensorFailure(HazardSensorView(claimedGap: gap, covers: covers, sensed: sensed), config: self.config)
        }
        #expect(check(nil) == .hazardNotSeen)
        #expect(check((95, 0)) == nil)
        #expect(check((104, 0)) == nil, "within the 10 m tolerance")
        #expect(check((106, 0)) == .hazardNotSeen, "the first thing ahead is beyond the spot")
        #expect(check((40, 30)) == nil, "a nearer leader hides the spot")
        #expect(check((95, 20)) == .hazardNotSeen, "something is there, but driving")
        #expect(check(covers: false, nil) == nil, "out of range or another lane: no evidence")
        #expect(check(gap: -3, nil) == nil, "already past the spot")
    }

    @Test("checks run in order: geometry before sender before moving vehicle before sensor")
    func order() {
        let view = HazardSensorView(claimedGap: 95, covers: true, sensed: nil)
        let moving = [self.car(front: 998, speed: 25)]
        func first(x: Double, sender: Double?, others: [SensorBroadcast]) -> MisbehaviourReport.Check? {
            HazardPlausibility.firstFailure(
                self.warning(x: x), expected: (1000, 1.75), senderX: sender, others: others, sensor: view, config: self.config)
        }
        #expect(first(x: 1050, sender: 1100, others: moving) == .hazardGeometry)
        #expect(first(x: 1000, sender: 1100, others: moving) == .hazardSender)
        #expect(first(x: 1000, sender: nil, others: moving) == .hazardMovingVehicle)
        #expect(first(x: 1000, sender: nil, others: []) == .hazardNotSeen)
    }
}
