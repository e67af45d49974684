import Radio
import SimKernel
import Testing

@Suite("Path loss, fading and link budget")
struct ChannelModelTests {
    func config(_ model: RadioConfig.Model) -> RadioConfig {
        var c = RadioConfig()
        c.model = model
        return c
    }

    @Test("free-space reference loss at 1 m and 5.9 GHz is 47.9 dB; log-distance adds 10·n dB per decade")
    func logDistance() {
        var c = self.config(.logDistance)
        c.pathLossExponent = 2.5
        let pl = PathLoss(c)
        #expect(abs(pl.loss(distance: 1) - 47.86) < 0.01)
        #expect(abs(pl.loss(distance: 10) - (47.86 + 25)) < 0.01)
        #expect(abs(pl.loss(distance: 1000) - (47.86 + 75)) < 0.01)
        // Below 1 m the loss is held at the reference.
        #expect(pl.loss(distance: 0) == pl.loss(distance: 1))
        for d in [1.0, 37, 250, 999] { #expect(abs(pl.distance(atLoss: pl.loss(distance: d)) - d) < 1e-6 * d) }
    }

    @Test("two-ray: free space below the crossover (556 m for 1.5 m antennas), 40 dB per decade beyond")
    func twoRay() {
        let pl = PathLoss(self.config(.twoRay))
        #expect(abs(pl.crossover - 556.4) < 0.1)
        #expect(abs(pl.loss(distance: 100) - (47.86 + 40)) < 0.01)
        // Beyond the crossover: PL = 40·log10(d) − 20·log10(ht·hr).
        #expect(abs(pl.loss(distance: 1000) - (120 - 20 * 0.3522)) < 0.01)
        #expect(abs(pl.loss(distance: 2000) - pl.loss(distance: 1000) - 12.04) < 0.01)
        // Continuous at the crossover.
        #expect(abs(pl.loss(distance: pl.crossover * 0.9999) - pl.loss(distance: pl.crossover * 1.0001)) < 0.01)
        for d in [10.0, 400, 556, 800, 3000] { #expect(abs(pl.distance(atLoss: pl.loss(distance: d)) - d) < 1e-6 * d) }
    }

    @Test("Nakagami gain has mean 1 and variance 1/m", arguments: [0.75, 1.0, 1.5, 3.0])
    func nakagamiMoments(m: Double) {
        var stream = RandomStream.derived(seed: 9, component: "nakagami-test", entity: UInt64(m * 100))
        let n = 200_000
        var sum = 0.0
        var sumSquares = 0.0
        for _ in 0..<n {
            let g = NakagamiFading.gain(m: m, using: &stream)
            #expect(g >= 0)
            sum += g
            sumSquares += g * g
        }
        let mean = sum / Double(n)
        let variance = sumSquares / Double(n) - mean * mean
        #expect(abs(mean - 1) < 0.01, "m \(m): mean \(mean)")
        #expect(abs(variance - 1 / m) < 0.03 / m, "m \(m): variance \(variance)")
    }

    @Test("m = 1 is Rayleigh: P(gain < x) = 1 − e^−x")
    func rayleigh() {
        var stream = RandomStream.derived(seed: 3, component: "rayleigh-test")
        let n = 100_000
        var below = 0
        for _ in 0..<n where NakagamiFading.gain(m: 1, using: &stream) < 0.5 { below += 1 }
        let expected = 1 - _exp(-0.5)
        #expect(abs(Double(below) / Double(n) - expected) < 0.01)
    }

    @Test("link budget: below sensitivity, collision by SINR, received")
    func outcomes() {
        var c = self.config(.logDistance)
        c.fading = .none
        let budget = LinkBudget(c)
        let weak = Power.milliwatts(dBm: -90)
        let strong = Power.milliwatts(dBm: -70)
        #expect(budget.outcome(signal: weak, interference: 0) == .belowSensitivity)
        #expect(budget.outcome(signal: strong, interference: 0) == .received)
        // 8 dB threshold: −70 against −79 interference passes (≈ 9 dB), against −77 fails.
        #expect(budget.outcome(signal: strong, interference: Power.milliwatts(dBm: -79)) == .received)
        #expect(budget.outcome(signal: strong, interference: Power.milliwatts(dBm: -77)) == .collision)
        // Nominal range: the mean power equals the sensitivity there.
        #expect(abs(budget.meanPower(distance: budget.nominalRange) - c.sensitivity) < 1e-9)
        #expect(abs(budget.meanPower(distance: budget.senseRange) - c.carrierSense) < 1e-9)
        #expect(budget.senseRange < budget.nominalRange)
    }
}

#if canImport(Glibc)
import Glibc
func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#else
import Darwin
func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
