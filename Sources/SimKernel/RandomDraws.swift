#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of raw 64-bit draws, and the distributions every simulation draw is built from.
///
/// Both `RandomStream` (sequential) and `CounterStream` (counter-based) conform, so a model such as
/// Nakagami fading is written once. The distributions are written here over raw `UInt64`s because
/// the standard library does not promise a draw pattern for `random(in:using:)`; each one documents
/// how many raw draws it takes, which is part of the determinism contract.
public protocol RandomDraws {
    /// The next raw 64-bit draw.
    mutating func next() -> UInt64
}

extension RandomDraws {
    /// A uniform draw in [0, 1) with 53 bits of precision (one raw draw).
    @inlinable
    public mutating func uniformDraw() -> Double {
        Double(self.next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw: Box–Muller, exactly two raw draws, no cached spare.
    @inlinable
    public mutating func normalDraw() -> Double {
        let u1 = 1.0 - self.uniformDraw()  // in (0, 1], safe for log
        let u2 = self.uniformDraw()
        return (-2.0 * _kernelLog(u1)).squareRoot() * _kernelCos(2.0 * Double.pi * u2)
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method): one raw draw, more
    /// only on a rejection (probability below bound / 2⁶⁴).
    @inlinable
    public mutating func integerDraw(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "integer(below:) needs a positive bound")
        var product = self.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = self.next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A Gamma(shape, 1) draw.
    ///
    /// Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3),
    /// for shape ≥ 1; for shape < 1 the boost Gamma(a) = Gamma(a + 1)·U^(1/a) from the same paper.
    /// The number of raw draws depends on rejections (about 1.02 normal/uniform pairs per draw at
    /// shape 1.5), which is fine: the pattern is still a pure function of the stream.
    @inlinable
    public mutating func gammaDraw(shape: Double) -> Double {
        precondition(shape > 0, "gamma shape must be positive")
        if shape < 1 {
            let u = 1 - self.uniformDraw()  // (0, 1]
            return self.gammaDraw(shape: shape + 1) * _kernelPow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = self.normalDraw()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = self.uniformDraw()
            if u < 1 - 0.0331 * x * x * x * x
                || _kernelLog(max(u, .leastNonzeroMagnitude)) < 0.5 * x * x + d * (1 - v + _kernelLog(v)) {
                return d * v
            }
        }
    }
}

extension RandomStream: RandomDraws {}

@usableFromInline func _kernelLog(_ x: Double) -> Double { log(x) }
@usableFromInline func _kernelCos(_ x: Double) -> Double { cos(x) }
@usableFromInline func _kernelPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
