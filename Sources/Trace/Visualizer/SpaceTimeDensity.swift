/// The space-time diagram as an image: time × road-position bins holding the mean speed of the
/// FCD samples that fall in each. Its size is fixed (at most 600 × 200 bins) whatever the number of
/// vehicles or the duration, so that the page stays small; stop-and-go waves show as slow bands
/// running backwards (down the position axis as time goes on).
struct SpaceTimeDensity {
    static let maxTimeBins = 600
    static let maxPositionBins = 200

    let timeBins: Int
    let positionBins: Int
    let t0: Int64
    let t1: Int64
    let length: Double
    /// Row-major by position bin, then time bin: mean speed [m/s], NaN where no sample fell.
    let meanSpeed: [Double]
    let samples: [Int]

    init(times: [Int64], offsets: [Int], positions: [Float], speeds: [Float], length: Double) {
        self.t0 = times.first ?? 0
        self.t1 = times.last ?? 0
        self.length = max(1, length)
        self.timeBins = max(1, min(Self.maxTimeBins, times.count))
        // About one vehicle length (5 m) per bin on short roads, at most 200 bins on long ones.
        self.positionBins = max(10, min(Self.maxPositionBins, Int((self.length / 5).rounded(.down))))
        var sum = [Double](repeating: 0, count: self.timeBins * self.positionBins)
        var count = [Int](repeating: 0, count: self.timeBins * self.positionBins)
        let span = Double(max(1, self.t1 - self.t0))
        for (i, t) in times.enumerated() {
            let column = min(self.timeBins - 1, Int(Double(t - self.t0) / span * Double(self.timeBins)))
            for s in offsets[i]..<offsets[i + 1] {
                let p = Double(positions[s])
                guard p.isFinite, p >= 0, p <= self.length else { continue }
                let row = min(self.positionBins - 1, Int(p / self.length * Double(self.positionBins)))
                sum[row * self.timeBins + column] += Double(speeds[s])
                count[row * self.timeBins + column] += 1
            }
        }
        self.meanSpeed = zip(sum, count).map { $1 > 0 ? $0 / Double($1) : .nan }
        self.samples = count
    }

    func write(to json: inout JSONText) {
        json.raw("{"); json.key("t0"); json.fixed(Double(self.t0) / 1e9, 3)
        json.raw(","); json.key("t1"); json.fixed(Double(self.t1) / 1e9, 3)
        json.raw(","); json.key("time_bins"); json.int(self.timeBins)
        json.raw(","); json.key("position_bins"); json.int(self.positionBins)
        json.raw(","); json.key("length_m"); json.fixed(self.length, 3)
        json.raw(","); json.key("mean_speed"); json.fixeds(self.meanSpeed, 2)
        json.raw(","); json.key("samples"); json.ints(self.samples)
        json.raw("}")
    }
}
