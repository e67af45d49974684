#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func _log10(_ x: Double) -> Double { log10(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func _log(_ x: Double) -> Double { log(x) }

/// Conversions between logarithmic and linear power.
public enum Power {
    /// dBm → mW.
    @inline(__always) public static func milliwatts(dBm: Double) -> Double { _pow(10, dBm / 10) }
    /// mW → dBm.
    @inline(__always) public static func dBm(milliwatts: Double) -> Double { 10 * _log10(milliwatts) }
}
