import Ledger
import V2VCrypto
import V2X

/// Why a checkpoint blob cannot be decoded: where in the blob, in which field, and what is wrong.
/// Blobs come from trace files, which are untrusted input; a bad one gives this error, never a crash.
public struct CheckpointDecodingError: Error, CustomStringConvertible, Sendable {
    /// Byte offset in the blob where decoding stopped.
    public let offset: Int
    /// The field path (Codable keys) being decoded.
    public let field: String
    public let problem: String

    public var description: String {
        "byte \(self.offset)\(self.field.isEmpty ? "" : " (\(self.field))"): \(self.problem)"
    }
}

/// Decodes what ``CheckpointEncoder`` wrote. Every length is checked against the bytes left before
/// anything is allocated for it, so a corrupt or hostile blob fails with a located error instead
/// of exhausting memory.
struct CheckpointDecoder {
    /// Decodes a `Value` and requires the blob to end exactly there.
    /// The blob starts with the certificate table (``CheckpointEncoder``).
    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        let certificates: CertificateTable
        let start: Int
        do {
            (certificates, start) = try CertificateTable.decode(from: bytes)
        } catch {
            throw CheckpointDecodingError(offset: error.offset, field: error.field, problem: error.problem)
        }
        let source = CheckpointByteSource(
            bytes: bytes, offset: start, certificates: certificates, blocks: CheckpointBlockTable())
        source.blocks = try CheckpointBlockTable.read(from: source)
        let value = try source.decodeValue(type, codingPath: [])
        guard source.offset == bytes.count else {
            throw source.error("\(bytes.count - source.offset) bytes left over after the state", codingPath: [])
        }
        return value
    }
}

/// Decoding counterpart of ``CheckpointCanonicalEncodable``.
protocol CheckpointCanonicalDecodable {
    static func decodeCanonically(from source: CheckpointByteSource, codingPath: [any CodingKey]) throws -> Self
}

extension Optional: CheckpointCanonicalDecodable where Wrapped: Decodable {
    static func decodeCanonically(from source: CheckpointByteSource, codingPath: [any CodingKey]) throws -> Self {
        switch try source.readByte(codingPath) {
        case 0: return nil
        case 1: return try source.decodeValue(Wrapped.self, codingPath: codingPath)
        case let tag: throw source.error("presence byte \(tag), expected 0 or 1", codingPath: codingPath)
        }
    }
}

extension Dictionary: CheckpointCanonicalDecodable where Key: Decodable, Value: Decodable {
    static func decodeCanonically(from source: CheckpointByteSource, codingPath: [any CodingKey]) throws -> Self {
        let count = try source.readCount(codingPath)
        var out: [Key: Value] = [:]
        out.reserveCapacity(count)
        for _ in 0..<count {
            let key = try source.decodeValue(Key.self, codingPath: codingPath)
            let value = try source.decodeValue(Value.self, codingPath: codingPath)
            guard out.updateValue(value, forKey: key) == nil else {
                throw source.error("duplicate dictionary key", codingPath: codingPath)
            }
        }
        return out
    }
}

extension Set: CheckpointCanonicalDecodable where Element: Decodable {
    static func decodeCanonically(from source: CheckpointByteSource, codingPath: [any CodingKey]) throws -> Self {
        let count = try source.readCount(codingPath)
        var out = Set<Element>(minimumCapacity: count)
        for _ in 0..<count {
            guard out.insert(try source.decodeValue(Element.self, codingPath: codingPath)).inserted else {
                throw source.error("duplicate set element", codingPath: codingPath)
            }
        }
        return out
    }
}

extension Array: CheckpointCanonicalDecodable where Element: Decodable {
    static func decodeCanonically(from source: CheckpointByteSource, codingPath: [any CodingKey]) throws -> Self {
        let count = try source.readCount(codingPath)
        if Element.self == UInt8.self {
            return try source.readBytes(count, codingPath) as! [Element]
        }
        var out: [Element] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try source.decodeValue(Element.self, codingPath: codingPath)) }
        return out
    }
}

extension ArraySlice: CheckpointCanonicalDecodable where Element: Decodable {
    static func decodeCanonically(from source: CheckpointByteSource, codingPath: [any CodingKey]) throws -> Self {
        ArraySlice(try [Element].decodeCanonically(from: source, codingPath: codingPath))
    }
}

/// The blob and the read position, shared by every container of one decoding.
final class CheckpointByteSource {
    let bytes: [UInt8]
    private(set) var offset: Int
    /// The checkpoint's certificates, which the state names by digest.
    let certificates: CertificateTable
    /// The checkpoint's ledger blocks, which the state names by digest.
    var blocks: CheckpointBlockTable

    init(bytes: [UInt8], offset: Int, certificates: CertificateTable, blocks: CheckpointBlockTable) {
        self.bytes = bytes
        self.offset = offset
        self.certificates = certificates
        self.blocks = blocks
    }

    var remaining: Int { self.bytes.count - self.offset }

    func error(_ problem: String, codingPath: [any CodingKey]) -> CheckpointDecodingError {
        CheckpointDecodingError(
            offset: self.offset, field: codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "."),
            problem: problem)
    }

    func readByte(_ codingPath: [any CodingKey]) throws -> UInt8 {
        guard self.offset < self.bytes.count else { throw self.error("blob ends early (truncated)", codingPath: codingPath) }
        defer { self.offset += 1 }
        return self.bytes[self.offset]
    }

    func readInteger<Integer: FixedWidthInteger>(_ type: Integer.Type, _ codingPath: [any CodingKey]) throws -> Integer {
        let size = MemoryLayout<Integer>.size
        guard self.remaining >= size else { throw self.error("blob ends early (truncated)", codingPath: codingPath) }
        var value: Integer = 0
        for k in 0..<size { value |= Integer(truncatingIfNeeded: self.bytes[self.offset + k]) << (8 * k) }
        self.offset += size
        return value
    }

    func readBool(_ codingPath: [any CodingKey]) throws -> Bool {
        switch try self.readByte(codingPath) {
        case 0: return false
        case 1: return true
        case let b: throw self.error("boolean byte \(b), expected 0 or 1", codingPath: codingPath)
        }
    }

    func readInt(_ codingPath: [any CodingKey]) throws -> Int {
        let wide = try self.readInteger(Int64.self, codingPath)
        guard let value = Int(exactly: wide) else { throw self.error("integer \(wide) out of range", codingPath: codingPath) }
        return value
    }

    /// A sequence count, which cannot exceed the bytes left (every element takes at least one byte).
    func readCount(_ codingPath: [any CodingKey]) throws -> Int {
        let count = Int(try self.readInteger(UInt32.self, codingPath))
        guard count <= self.remaining else {
            throw self.error("count \(count) exceeds the \(self.remaining) bytes left (truncated or corrupt)", codingPath: codingPath)
        }
        return count
    }

    func readBytes(_ count: Int, _ codingPath: [any CodingKey]) throws -> [UInt8] {
        guard count <= self.remaining else { throw self.error("blob ends early (truncated)", codingPath: codingPath) }
        defer { self.offset += count }
        return Array(self.bytes[self.offset..<self.offset + count])
    }

    func readString(_ codingPath: [any CodingKey]) throws -> String {
        let utf8 = try self.readBytes(try self.readCount(codingPath), codingPath)
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw self.error("string is not valid UTF-8", codingPath: codingPath)
        }
        return text
    }

    /// The string at the read position, without consuming it; nil when the bytes there are not one.
    func peekString() -> String? {
        let start = self.offset
        defer { self.offset = start }
        return try? self.readString([])
    }

    /// Decodes any value: canonical forms first, then the type's own `init(from:)`.
    func decodeValue<Value: Decodable>(_ type: Value.Type, codingPath: [any CodingKey]) throws -> Value {
        if type == Block.self {
            return try self.decodeBlock(codingPath) as! Value
        }
        if let canonical = type as? any CheckpointCanonicalDecodable.Type {
            return try canonical.decodeCanonically(from: self, codingPath: codingPath) as! Value
        }
        return try self.decodeOwn(type, codingPath: codingPath)
    }

    /// A block named by digest (``CheckpointBlockTable``).
    private func decodeBlock(_ codingPath: [any CodingKey]) throws -> Block {
        let bytes = try self.readBytes(32, codingPath)
        let digest = try! Digest(bytes: bytes)  // 32 bytes cannot fail the length check
        let found = try self.blocks.block(named: digest, certificates: self.certificates, codingPath: codingPath)
        guard let block = found else {
            throw self.error("block \(digest) is not in the block table", codingPath: codingPath)
        }
        return block
    }

    /// Decodes a value by its type's own `init(from:)`, with errors located in this source.
    func decodeOwn<Value: Decodable>(_ type: Value.Type, codingPath: [any CodingKey]) throws -> Value {
        do {
            return try Value(from: CheckpointDecoding(source: self, codingPath: codingPath))
        } catch let error as CheckpointDecodingError {
            throw error
        } catch let error as DecodingError {
            throw self.error(Self.describe(error), codingPath: codingPath)
        } catch {
            // A type's own validation (a key of the wrong length, a bad enum code, ...).
            throw self.error("\(error)", codingPath: codingPath)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .dataCorrupted(context), let .typeMismatch(_, context), let .valueNotFound(_, context),
            let .keyNotFound(_, context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}

/// The `Decoder` handed to types' `init(from:)`.
struct CheckpointDecoding: Decoder {
    let source: CheckpointByteSource
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [CertificateTable.userInfoKey: self.source.certificates] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(CheckpointKeyedDecoding<Key>(source: self.source, codingPath: self.codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try CheckpointUnkeyedDecoding(source: self.source, codingPath: self.codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        CheckpointSingleDecoding(source: self.source, codingPath: self.codingPath)
    }
}

struct CheckpointKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let source: CheckpointByteSource
    let codingPath: [any CodingKey]

    /// Keys are not stored: every field the decoding type asks for is there, in order. Only a
    /// nested container's key is (an enum's case, see the encoder): `allKeys` names the one that
    /// comes next, if the next bytes are one.
    var allKeys: [Key] {
        guard let name = self.source.peekString(), let key = Key(stringValue: name) else { return [] }
        return [key]
    }
    func contains(_ key: Key) -> Bool { true }

    private func path(_ key: Key) -> [any CodingKey] { self.codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool { try self.source.readByte(self.path(key)) == 0 }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try self.source.readBool(self.path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try self.source.readString(self.path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        Double(bitPattern: try self.source.readInteger(UInt64.self, self.path(key)))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        Float(bitPattern: try self.source.readInteger(UInt32.self, self.path(key)))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try self.source.readInt(self.path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try self.source.readInteger(type, self.path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try self.source.readInteger(type, self.path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try self.source.readInteger(type, self.path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try self.source.readInteger(type, self.path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        UInt(try self.source.readInteger(UInt64.self, self.path(key)))
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try self.source.readInteger(type, self.path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try self.source.readInteger(type, self.path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try self.source.readInteger(type, self.path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try self.source.readInteger(type, self.path(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try self.source.decodeValue(type, codingPath: self.path(key))
    }

    // Optional fields carry a presence byte (see the encoder).
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try self.source.decodeValue(T?.self, codingPath: self.path(key))
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try self.optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try self.optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try self.optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try self.optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try self.optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try self.optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try self.optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try self.optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try self.optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try self.optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try self.optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try self.optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try self.optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try self.optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        try self.source.decodeValue(T?.self, codingPath: self.path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try self.expectKey(key)
        return KeyedDecodingContainer(CheckpointKeyedDecoding<NestedKey>(source: self.source, codingPath: self.path(key)))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try self.expectKey(key)
        return try CheckpointUnkeyedDecoding(source: self.source, codingPath: self.path(key))
    }

    private func expectKey(_ key: Key) throws {
        let name = try self.source.readString(self.path(key))
        guard name == key.stringValue else {
            throw self.source.error("found '\(name)' where '\(key.stringValue)' belongs", codingPath: self.path(key))
        }
    }

    func superDecoder() throws -> any Decoder { CheckpointDecoding(source: self.source, codingPath: self.codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { CheckpointDecoding(source: self.source, codingPath: self.path(key)) }
}

struct CheckpointUnkeyedDecoding: UnkeyedDecodingContainer {
    let source: CheckpointByteSource
    let codingPath: [any CodingKey]
    let count: Int?
    private(set) var currentIndex = 0

    init(source: CheckpointByteSource, codingPath: [any CodingKey]) throws {
        self.source = source
        self.codingPath = codingPath
        self.count = try source.readCount(codingPath)
    }

    var isAtEnd: Bool { self.currentIndex >= (self.count ?? 0) }

    private mutating func next() throws -> [any CodingKey] {
        guard !self.isAtEnd else { throw self.source.error("sequence has fewer elements than its reader needs", codingPath: self.codingPath) }
        self.currentIndex += 1
        return self.codingPath
    }

    mutating func decodeNil() throws -> Bool {
        // Only `Optional.init(from:)` asks, and optionals never reach it (their presence byte is read
        // by the canonical path); answering "not nil" without consuming keeps that path intact.
        false
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try self.source.readBool(try self.next()) }
    mutating func decode(_ type: String.Type) throws -> String { try self.source.readString(try self.next()) }
    mutating func decode(_ type: Double.Type) throws -> Double {
        Double(bitPattern: try self.source.readInteger(UInt64.self, try self.next()))
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        Float(bitPattern: try self.source.readInteger(UInt32.self, try self.next()))
    }
    mutating func decode(_ type: Int.Type) throws -> Int { try self.source.readInt(try self.next()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try self.source.readInteger(type, try self.next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try self.source.readInteger(type, try self.next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try self.source.readInteger(type, try self.next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try self.source.readInteger(type, try self.next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { UInt(try self.source.readInteger(UInt64.self, try self.next())) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try self.source.readInteger(type, try self.next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try self.source.readInteger(type, try self.next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try self.source.readInteger(type, try self.next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try self.source.readInteger(type, try self.next()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try self.source.decodeValue(type, codingPath: try self.next())
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(CheckpointKeyedDecoding<NestedKey>(source: self.source, codingPath: try self.next()))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try CheckpointUnkeyedDecoding(source: self.source, codingPath: try self.next())
    }

    mutating func superDecoder() throws -> any Decoder { CheckpointDecoding(source: self.source, codingPath: try self.next()) }
}

struct CheckpointSingleDecoding: SingleValueDecodingContainer {
    let source: CheckpointByteSource
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try self.source.readBool(self.codingPath) }
    func decode(_ type: String.Type) throws -> String { try self.source.readString(self.codingPath) }
    func decode(_ type: Double.Type) throws -> Double { Double(bitPattern: try self.source.readInteger(UInt64.self, self.codingPath)) }
    func decode(_ type: Float.Type) throws -> Float { Float(bitPattern: try self.source.readInteger(UInt32.self, self.codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try self.source.readInt(self.codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try self.source.readInteger(type, self.codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try self.source.readInteger(type, self.codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try self.source.readInteger(type, self.codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try self.source.readInteger(type, self.codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { UInt(try self.source.readInteger(UInt64.self, self.codingPath)) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try self.source.readInteger(type, self.codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try self.source.readInteger(type, self.codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try self.source.readInteger(type, self.codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try self.source.readInteger(type, self.codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try self.source.decodeValue(type, codingPath: self.codingPath) }
}
