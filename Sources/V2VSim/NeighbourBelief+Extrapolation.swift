import SimKernel
import Traffic
import V2X

extension NeighbourBelief {
    /// The claimed state moved on to `time` at its claimed speed, along `road` (its heading on a
    /// highway, its circle on a ring): where a receiver expects the neighbour to be now. The CAM
    /// and DENM plausibility checks both compare claims against this.
    func extrapolated(to time: SimTime, along road: Highway) -> SensorBroadcast {
        var b = self.broadcast
        (b.x, b.y) = road.advance(x: b.x, y: b.y, heading: b.heading, by: b.speed * (time - self.generationTime).seconds)
        return b
    }
}
