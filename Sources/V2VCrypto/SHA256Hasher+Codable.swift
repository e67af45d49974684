internal import CSodium

/// A running digest's state, for checkpoints: libsodium's `crypto_hash_sha256_state` (eight state
/// words, a bit count, a 64-byte block buffer) as its raw bytes. The layout is libsodium's on this
/// platform; a checkpoint is only ever resumed by the program version that wrote it (the trace's
/// `program_version`), so the bytes need not be portable, only exact.
extension SHA256Hasher: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var bytes: [UInt8] = []
        let size = MemoryLayout<crypto_hash_sha256_state>.size
        while !container.isAtEnd { bytes.append(try container.decode(UInt8.self)) }
        guard bytes.count == size else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "SHA-256 state of \(bytes.count) bytes, expected \(size)"))
        }
        self.init()
        withUnsafeMutableBytes(of: &self.state) { $0.copyBytes(from: bytes) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        var state = self.state
        let bytes = withUnsafeBytes(of: &state) { Array($0) }
        for byte in bytes { try container.encode(byte) }
    }
}
