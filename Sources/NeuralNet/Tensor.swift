/// A tensor read from or written to a safetensors file, held as doubles whatever its stored dtype.
public struct Tensor: Sendable, Equatable {
    /// The dimensions, outermost first.
    public let shape: [Int]
    /// The elements in row-major order; `values.count` is the product of `shape`.
    public let values: [Double]

    /// - Precondition: `values.count` is the product of `shape`.
    public init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }
}

/// The element types v2vsim reads and writes.
public enum TensorDType: String, Sendable, CaseIterable {
    /// IEEE 754 binary32, little-endian.
    case f32 = "F32"
    /// IEEE 754 binary64, little-endian.
    case f64 = "F64"

    /// Bytes per element.
    public var width: Int {
        switch self {
        case .f32: 4
        case .f64: 8
        }
    }
}
