import SimKernel
import Trace

/// A vehicle's true state at any instant, interpolated linearly between the FCD samples around it.
///
/// Walks a vehicle-then-time sorted sample stream forward only, so asking for states in the same order
/// (by vehicle, then time) reads each sample once.
struct TrackInterpolator {
    private var vehicle: UInt32?
    private var before: VehicleRow?
    private var after: VehicleRow?

    /// Moves to `vehicle` at `time`, consuming samples up to it.
    mutating func advance(_ samples: PeekableStream<VehicleRow>, to vehicle: UInt32, time: SimTime) throws {
        if self.vehicle != vehicle {
            self.vehicle = vehicle
            self.before = nil
        }
        while let next = try samples.peek(), next.vehicleID < vehicle || (next.vehicleID == vehicle && next.time <= time) {
            _ = try samples.next()
            if next.vehicleID == vehicle { self.before = next }
        }
        self.after = try samples.peek().flatMap { $0.vehicleID == vehicle ? $0 : nil }
    }

    /// The state at `time`: interpolated between the samples around it, the nearest one beyond the
    /// vehicle's first or last sample, nil when the vehicle has no sample at all.
    func state(at time: SimTime) -> VeReMiLine.Kinematics? {
        switch (self.before, self.after) {
        case (nil, nil):
            return nil
        case let (sample?, nil), let (nil, sample?):
            return Self.kinematics(sample)
        case let (a?, b?):
            let span = Double(b.time.nanoseconds - a.time.nanoseconds)
            let f = span > 0 ? Double(time.nanoseconds - a.time.nanoseconds) / span : 0
            func mix(_ p: Double, _ q: Double) -> Double { p + (q - p) * f }
            // Headings wrap at 360°: interpolate along the shorter way round.
            var turn = (b.angleDeg - a.angleDeg).truncatingRemainder(dividingBy: 360)
            if turn > 180 { turn -= 360 } else if turn < -180 { turn += 360 }
            var heading = (a.angleDeg + turn * f).truncatingRemainder(dividingBy: 360)
            if heading < 0 { heading += 360 }
            return .init(x: mix(a.x, b.x), y: mix(a.y, b.y), speed: mix(a.speed, b.speed),
                         acceleration: mix(a.accel, b.accel), headingDeg: heading)
        }
    }

    private static func kinematics(_ s: VehicleRow) -> VeReMiLine.Kinematics {
        .init(x: s.x, y: s.y, speed: s.speed, acceleration: s.accel, headingDeg: s.angleDeg)
    }
}
