#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func pow(_ x: Double, _ y: Double) -> Double {
    // δ = 4 is by far the common case; squaring twice is exact and much cheaper than pow().
    if y == 4 { let x2 = x * x; return x2 * x2 }
    #if canImport(Glibc)
    return Glibc.pow(x, y)
    #else
    return Darwin.pow(x, y)
    #endif
}
