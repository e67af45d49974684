/// Appends little-endian fields to a byte buffer: the only way V2X builds bytes that get signed.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) { self.bytes.reserveCapacity(capacity) }

    public mutating func u8(_ v: UInt8) { self.bytes.append(v) }
    public mutating func u16(_ v: UInt16) { self.int(v, count: 2) }
    public mutating func u32(_ v: UInt32) { self.int(v, count: 4) }
    public mutating func i16(_ v: Int16) { self.int(UInt16(bitPattern: v), count: 2) }
    public mutating func i32(_ v: Int32) { self.int(UInt32(bitPattern: v), count: 4) }
    public mutating func i64(_ v: Int64) { self.int(UInt64(bitPattern: v), count: 8) }
    public mutating func raw<S: Sequence>(_ v: S) where S.Element == UInt8 { self.bytes.append(contentsOf: v) }

    private mutating func int<T: FixedWidthInteger>(_ v: T, count: Int) {
        var x = v
        for _ in 0..<count {
            self.bytes.append(UInt8(truncatingIfNeeded: x))
            x >>= 8
        }
    }
}

/// Why bytes could not be decoded. Received bytes are untrusted, so every failure is a value.
public struct DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being read.
    public let field: String
    /// Offset at which reading failed.
    public let offset: Int
    public let problem: String

    public var description: String { "\(self.field) at byte \(self.offset): \(self.problem)" }
}

/// Reads little-endian fields from untrusted bytes; every read is bounds-checked and throws.
public struct ByteReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var remaining: Int { self.bytes.count - self.offset }

    public mutating func u8(_ field: String) throws(DecodeError) -> UInt8 { UInt8(try self.int(field, count: 1)) }
    public mutating func u16(_ field: String) throws(DecodeError) -> UInt16 { UInt16(try self.int(field, count: 2)) }
    public mutating func u32(_ field: String) throws(DecodeError) -> UInt32 { UInt32(try self.int(field, count: 4)) }
    public mutating func i16(_ field: String) throws(DecodeError) -> Int16 {
        Int16(bitPattern: UInt16(try self.int(field, count: 2)))
    }
    public mutating func i32(_ field: String) throws(DecodeError) -> Int32 {
        Int32(bitPattern: UInt32(try self.int(field, count: 4)))
    }
    public mutating func i64(_ field: String) throws(DecodeError) -> Int64 { Int64(bitPattern: try self.int(field, count: 8)) }

    public mutating func raw(_ field: String, count: Int) throws(DecodeError) -> [UInt8] {
        guard count >= 0, count <= self.remaining else {
            throw DecodeError(field: field, offset: self.offset, problem: "needs \(count) bytes, \(self.remaining) left")
        }
        let out = Array(self.bytes[self.offset..<(self.offset + count)])
        self.offset += count
        return out
    }

    private mutating func int(_ field: String, count: Int) throws(DecodeError) -> UInt64 {
        guard count <= self.remaining else {
            throw DecodeError(field: field, offset: self.offset, problem: "needs \(count) bytes, \(self.remaining) left")
        }
        var v: UInt64 = 0
        for i in 0..<count { v |= UInt64(self.bytes[self.offset + i]) << (8 * UInt64(i)) }
        self.offset += count
        return v
    }
}
