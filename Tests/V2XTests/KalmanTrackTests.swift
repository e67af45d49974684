import Testing
import V2X

/// The Kalman track (constant-acceleration model) on synthetic claims.
@Suite("Kalman track")
struct KalmanTrackTests {
    let noise = KalmanTrack.Noise(position: 0.3, speed: 0.3, jerk: 20)

    /// A track fed `count` beacons of a car at 30 m/s, 100 ms apart; returns it and the largest innovation.
    func constantSpeed(count: Int) -> (track: KalmanTrack, largest: Double) {
        var track = KalmanTrack(position: 0, speed: 30, acceleration: 0, time: 0, noise: self.noise)
        var largest = 0.0
        for k in 1...count {
            let t = Double(k) / 10
            let innovation = track.innovation(position: 30 * t, speed: 30, time: t, noise: self.noise)
            largest = max(largest, innovation.distance)
            track.update(with: innovation)
        }
        return (track, largest)
    }

    @Test("a constant-speed track stays on its prediction; its estimate is the true state")
    func constant() {
        let (track, largest) = self.constantSpeed(count: 20)
        #expect(largest < 1e-9)
        #expect(abs(track.state.s - 60) < 1e-6)
        #expect(abs(track.state.v - 30) < 1e-6)
        #expect(abs(track.state.a) < 1e-6)
    }

    @Test("a 5 m jump, a 3 m/s speed offset and a frozen position are far outside the gate of 6")
    func jump() {
        let (track, _) = self.constantSpeed(count: 20)
        // Next beacon at t = 2.1 s is expected at 63 m, 30 m/s.
        let onTrack = track.innovation(position: 63, speed: 30, time: 2.1, noise: self.noise)
        #expect(onTrack.distance < 1e-6)
        #expect(track.innovation(position: 68, speed: 30, time: 2.1, noise: self.noise).distance > 6)
        #expect(track.innovation(position: 63, speed: 33, time: 2.1, noise: self.noise).distance > 6)
        // EventualStop: the position of t = 2 s with speed 0, one second later.
        #expect(track.innovation(position: 60, speed: 0, time: 3, noise: self.noise).distance > 6)
    }

    @Test("a gentle, steady acceleration is followed: innovations stay well inside the gate")
    func accelerating() {
        var track = KalmanTrack(position: 0, speed: 20, acceleration: 1, time: 0, noise: self.noise)
        var largest = 0.0
        for k in 1...30 {
            let t = Double(k) / 10
            let innovation = track.innovation(position: 20 * t + 0.5 * t * t, speed: 20 + t, time: t, noise: self.noise)
            largest = max(largest, innovation.distance)
            track.update(with: innovation)
        }
        #expect(largest < 1)
    }
}

/// Reachability from a trusted claim, the test a broken track applies.
@Suite("Track reach")
struct TrackReachTests {
    @Test("a position frozen at a claimed stop is never reachable from 30 m/s; braking at 8 m/s² is")
    func frozen() {
        // 30 m/s at 10 m/s²: stops after 3 s and 45 m at the earliest.
        for dt in [0.1, 1.0, 3.0, 10.0] {
            let frozen = CheckConfidence.reachExcess(moved: 0, speed: 0, from: 30, dt: dt, maxAcceleration: 10)
            #expect(frozen.position > 2, "dt \(dt): \(frozen)")
        }
        let frozenLate = CheckConfidence.reachExcess(moved: 0, speed: 0, from: 30, dt: 10, maxAcceleration: 10)
        #expect(frozenLate.position == 45 && frozenLate.speed == 0)
        // An honest stop at 8 m/s²: 3.75 s, 56.25 m.
        let braking = CheckConfidence.reachExcess(moved: 56.25, speed: 0, from: 30, dt: 5, maxAcceleration: 10)
        #expect(braking.position == 0 && braking.speed == 0)
        // 1 s at 30 m/s claiming 45 m/s: 5 m/s above what 10 m/s² allows.
        #expect(CheckConfidence.reachExcess(moved: 30, speed: 45, from: 30, dt: 1, maxAcceleration: 10).speed == 5)
    }
}
