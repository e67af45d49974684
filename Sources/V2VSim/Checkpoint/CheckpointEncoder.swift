import Ledger
import V2VCrypto
import V2X

/// Encodes `Encodable` values into the checkpoint's canonical binary form: a deterministic byte
/// string that depends only on the values, never on memory layout or hash order.
///
/// The format has no keys and no type tags; a reader must decode the same types in the same order
/// (``CheckpointDecoder``), as synthesised `Codable` does. Integers are fixed-width little-endian
/// (`Int` as 8 bytes), `Double` is its IEEE bit pattern (bit-exact, NaN payloads included), `Bool`
/// one byte, `String` a 4-byte length and its UTF-8 bytes, sequences a 4-byte count and their
/// elements, optionals a presence byte. Dictionaries and sets, whose iteration order is the
/// process's hash seed's, are written sorted by the canonical bytes of their keys, so that the same
/// state always gives the same blob (and the same SHA-256 in the trace).
///
/// Certificates are written as their digest and ledger blocks as the SHA-256 of their canonical
/// bytes; the tables of their contents (``CertificateTable``, ``CheckpointBlockTable``: each one
/// once, in digest order) go in front of the value.
struct CheckpointEncoder {
    /// The canonical bytes of `value`: the certificate table, the block table, then the value.
    static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        try Self.encodeParts(value).reduce(into: []) { $0 += $1 }
    }

    /// ``encode(_:)`` in its three parts, whose concatenation it is; a checkpoint compresses them
    /// one by one rather than hold another copy of the whole.
    static func encodeParts<Value: Encodable>(_ value: Value) throws -> [[UInt8]] {
        let sink = CheckpointByteSink(certificates: CertificateTable(), blocks: CheckpointBlockTable())
        try sink.encodeValue(value)
        return [sink.certificates.encoded(), sink.blocks.encoded(), sink.bytes]
    }
}

/// Values whose own `Codable` output is not canonical (hash-ordered collections) or not
/// self-delimiting (optionals inside sequences); the encoder hands them their canonical form.
protocol CheckpointCanonicalEncodable {
    func encodeCanonically(into sink: CheckpointByteSink) throws
}

extension Optional: CheckpointCanonicalEncodable where Wrapped: Encodable {
    func encodeCanonically(into sink: CheckpointByteSink) throws {
        switch self {
        case .none: sink.append(byte: 0)
        case let .some(wrapped):
            sink.append(byte: 1)
            try sink.encodeValue(wrapped)
        }
    }
}

extension Dictionary: CheckpointCanonicalEncodable where Key: Encodable, Value: Encodable {
    func encodeCanonically(into sink: CheckpointByteSink) throws {
        // Keys and values go into one scratch sink each (not one sink per entry: a station's replay
        // window alone has thousands), then entries are written in the order of their key bytes.
        let keys = sink.scratch()
        let values = sink.scratch()
        var entries: [(key: Range<Int>, value: Range<Int>)] = []
        entries.reserveCapacity(self.count)
        for (key, value) in self {
            let k = keys.bytes.count
            try keys.encodeValue(key)
            let v = values.bytes.count
            try values.encodeValue(value)
            entries.append((k..<keys.bytes.count, v..<values.bytes.count))
        }
        entries.sort { keys.bytes[$0.key].lexicographicallyPrecedes(keys.bytes[$1.key]) }
        sink.append(count: entries.count)
        for entry in entries {
            sink.append(slice: keys.bytes[entry.key])
            sink.append(slice: values.bytes[entry.value])
        }
    }
}

extension Set: CheckpointCanonicalEncodable where Element: Encodable {
    func encodeCanonically(into sink: CheckpointByteSink) throws {
        let scratch = sink.scratch()
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(self.count)
        for element in self {
            let start = scratch.bytes.count
            try scratch.encodeValue(element)
            ranges.append(start..<scratch.bytes.count)
        }
        ranges.sort { scratch.bytes[$0].lexicographicallyPrecedes(scratch.bytes[$1]) }
        sink.append(count: ranges.count)
        for range in ranges { sink.append(slice: scratch.bytes[range]) }
    }
}

extension Array: CheckpointCanonicalEncodable where Element: Encodable {
    func encodeCanonically(into sink: CheckpointByteSink) throws {
        sink.append(count: self.count)
        if let bytes = self as? [UInt8] {
            sink.append(bytes: bytes)
        } else {
            for element in self { try sink.encodeValue(element) }
        }
    }
}

extension ArraySlice: CheckpointCanonicalEncodable where Element: Encodable {
    func encodeCanonically(into sink: CheckpointByteSink) throws {
        try Array(self).encodeCanonically(into: sink)
    }
}

/// The growing byte string of one encoding, shared by every container of it (containers are
/// values that Codable copies around; they all append to this one buffer, strictly in call order).
final class CheckpointByteSink {
    private(set) var bytes: [UInt8] = []
    /// The certificates and blocks met so far, shared with the scratch sinks of sorted collections.
    let certificates: CertificateTable
    let blocks: CheckpointBlockTable

    init(certificates: CertificateTable, blocks: CheckpointBlockTable) {
        self.certificates = certificates
        self.blocks = blocks
    }

    /// An empty sink that shares this one's tables.
    func scratch() -> CheckpointByteSink { CheckpointByteSink(certificates: self.certificates, blocks: self.blocks) }

    func append(byte: UInt8) { self.bytes.append(byte) }
    func append(bytes: [UInt8]) { self.bytes.append(contentsOf: bytes) }
    func append(slice: ArraySlice<UInt8>) { self.bytes.append(contentsOf: slice) }

    func append<Integer: FixedWidthInteger>(integer value: Integer) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { self.bytes.append(contentsOf: $0) }
    }

    /// A sequence's element count (4 bytes; no state holds 4 billion elements).
    func append(count: Int) { self.append(integer: UInt32(truncatingIfNeeded: count)) }

    /// Reserves a count that ``patchCount(at:to:)`` fills in later (an unkeyed container's, whose
    /// length is known only once its last element is in).
    func reserveCount() -> Int {
        let at = self.bytes.count
        self.append(integer: UInt32(0))
        return at
    }

    func patchCount(at offset: Int, to count: Int) {
        let v = UInt32(truncatingIfNeeded: count)
        for k in 0..<4 { self.bytes[offset + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
    }

    func append(string: String) {
        let utf8 = Array(string.utf8)
        self.append(count: utf8.count)
        self.bytes.append(contentsOf: utf8)
    }

    /// Encodes any value: canonical forms first, then the value's own `encode(to:)`.
    func encodeValue<Value: Encodable>(_ value: Value) throws {
        if let block = value as? Block {
            try self.encode(block: block)
            return
        }
        if let canonical = value as? any CheckpointCanonicalEncodable {
            try canonical.encodeCanonically(into: self)
        } else {
            try value.encode(to: CheckpointEncoding(sink: self, codingPath: []))
        }
    }
}

extension CheckpointByteSink {
    /// A block as the digest of its entry in the block table (added on first sight).
    func encode(block: Block) throws {
        let digest: Digest
        if let known = self.blocks.digest(of: block) {
            digest = known
        } else {
            let scratch = self.scratch()
            try block.encode(to: CheckpointEncoding(sink: scratch, codingPath: []))
            digest = self.blocks.insert(block, bytes: scratch.bytes)
        }
        self.append(bytes: digest.bytes)
    }
}

/// The `Encoder` handed to values' `encode(to:)`.
struct CheckpointEncoding: Encoder {
    let sink: CheckpointByteSink
    let codingPath: [any CodingKey]
    /// Signing keys encode into checkpoints only (SigningKey+Checkpoint.swift).
    var userInfo: [CodingUserInfoKey: Any] {
        [SigningKey.checkpointUserInfoKey: true, CertificateTable.userInfoKey: self.sink.certificates]
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(CheckpointKeyedEncoding<Key>(sink: self.sink, codingPath: self.codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        CheckpointUnkeyedEncoding(sink: self.sink, codingPath: self.codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        CheckpointSingleEncoding(sink: self.sink, codingPath: self.codingPath)
    }
}

/// Fields in call order, without their keys. The one exception is a nested container's key, which
/// is written: synthesised `Codable` of an enum with associated values puts each case in a nested
/// container under the case's key and, decoding, asks `allKeys` which case it holds.
struct CheckpointKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: CheckpointByteSink
    let codingPath: [any CodingKey]

    private var single: CheckpointSingleEncoding { CheckpointSingleEncoding(sink: self.sink, codingPath: self.codingPath) }

    mutating func encodeNil(forKey key: Key) throws { self.sink.append(byte: 0) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { self.sink.append(byte: value ? 1 : 0) }
    mutating func encode(_ value: String, forKey key: Key) throws { self.sink.append(string: value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { self.sink.append(integer: value.bitPattern) }
    mutating func encode(_ value: Float, forKey key: Key) throws { self.sink.append(integer: value.bitPattern) }
    mutating func encode(_ value: Int, forKey key: Key) throws { self.sink.append(integer: Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { self.sink.append(integer: UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { self.sink.append(integer: value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try self.sink.encodeValue(value) }

    // Optional fields carry a presence byte (the default `encodeIfPresent` would write nothing for nil).
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try self.sink.encodeValue(value) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try self.sink.encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        self.sink.append(string: key.stringValue)
        return KeyedEncodingContainer(CheckpointKeyedEncoding<NestedKey>(sink: self.sink, codingPath: self.codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        self.sink.append(string: key.stringValue)
        return CheckpointUnkeyedEncoding(sink: self.sink, codingPath: self.codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { CheckpointEncoding(sink: self.sink, codingPath: self.codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        CheckpointEncoding(sink: self.sink, codingPath: self.codingPath + [key])
    }
}

/// A count (patched as elements arrive), then the elements.
struct CheckpointUnkeyedEncoding: UnkeyedEncodingContainer {
    let sink: CheckpointByteSink
    let codingPath: [any CodingKey]
    private let countOffset: Int
    private(set) var count = 0

    init(sink: CheckpointByteSink, codingPath: [any CodingKey]) {
        self.sink = sink
        self.codingPath = codingPath
        self.countOffset = sink.reserveCount()
    }

    private mutating func added() {
        self.count += 1
        self.sink.patchCount(at: self.countOffset, to: self.count)
    }

    mutating func encodeNil() throws { self.sink.append(byte: 0); self.added() }
    mutating func encode(_ value: Bool) throws { self.sink.append(byte: value ? 1 : 0); self.added() }
    mutating func encode(_ value: String) throws { self.sink.append(string: value); self.added() }
    mutating func encode(_ value: Double) throws { self.sink.append(integer: value.bitPattern); self.added() }
    mutating func encode(_ value: Float) throws { self.sink.append(integer: value.bitPattern); self.added() }
    mutating func encode(_ value: Int) throws { self.sink.append(integer: Int64(value)); self.added() }
    mutating func encode(_ value: Int8) throws { self.sink.append(integer: value); self.added() }
    mutating func encode(_ value: Int16) throws { self.sink.append(integer: value); self.added() }
    mutating func encode(_ value: Int32) throws { self.sink.append(integer: value); self.added() }
    mutating func encode(_ value: Int64) throws { self.sink.append(integer: value); self.added() }
    mutating func encode(_ value: UInt) throws { self.sink.append(integer: UInt64(value)); self.added() }
    mutating func encode(_ value: UInt8) throws { self.sink.append(integer: value); self.added() }
    mutating func encode(_ value: UInt16) throws { self.sink.append(integer: value); self.added() }
    mutating func encode(_ value: UInt32) throws { self.sink.append(integer: value); self.added() }
    mutating func encode(_ value: UInt64) throws { self.sink.append(integer: value); self.added() }
    mutating func encode<T: Encodable>(_ value: T) throws { try self.sink.encodeValue(value); self.added() }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        self.added()
        return KeyedEncodingContainer(CheckpointKeyedEncoding<NestedKey>(sink: self.sink, codingPath: self.codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        self.added()
        return CheckpointUnkeyedEncoding(sink: self.sink, codingPath: self.codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        self.added()
        return CheckpointEncoding(sink: self.sink, codingPath: self.codingPath)
    }
}

/// One value, no framing.
struct CheckpointSingleEncoding: SingleValueEncodingContainer {
    let sink: CheckpointByteSink
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { self.sink.append(byte: 0) }
    mutating func encode(_ value: Bool) throws { self.sink.append(byte: value ? 1 : 0) }
    mutating func encode(_ value: String) throws { self.sink.append(string: value) }
    mutating func encode(_ value: Double) throws { self.sink.append(integer: value.bitPattern) }
    mutating func encode(_ value: Float) throws { self.sink.append(integer: value.bitPattern) }
    mutating func encode(_ value: Int) throws { self.sink.append(integer: Int64(value)) }
    mutating func encode(_ value: Int8) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: Int16) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: Int32) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: Int64) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: UInt) throws { self.sink.append(integer: UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: UInt16) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: UInt32) throws { self.sink.append(integer: value) }
    mutating func encode(_ value: UInt64) throws { self.sink.append(integer: value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try self.sink.encodeValue(value) }
}
