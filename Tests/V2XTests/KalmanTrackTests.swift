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
