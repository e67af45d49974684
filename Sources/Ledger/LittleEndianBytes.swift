/// Appends integers to a byte buffer in little-endian order.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { self.bytes.reserveCapacity(capacity) }

    mutating func append(_ raw: [UInt8]) { self.bytes.append(contentsOf: raw) }

    mutating func append<T: FixedWidthInteger>(littleEndian value: T) {
        for i in 0..<(T.bitWidth / 8) {
            self.bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i)))
        }
    }
}

/// Reads what `ByteWriter` wrote. The caller checks the total length first, so reads cannot run
/// past the end.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(count: Int) -> [UInt8] {
        precondition(self.offset + count <= self.bytes.count, "read past the end of the buffer")
        defer { self.offset += count }
        return Array(self.bytes[self.offset..<(self.offset + count)])
    }

    mutating func read<T: FixedWidthInteger & UnsignedInteger>(littleEndian: T.Type) -> T {
        var value: T = 0
        for (i, byte) in self.read(count: T.bitWidth / 8).enumerated() {
            value |= T(byte) << (8 * i)
        }
        return value
    }
}
