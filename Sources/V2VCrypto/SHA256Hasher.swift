internal import CSodium

/// Incremental SHA-256, for digests over streams (a run's event stream, a large file).
public struct SHA256Hasher {
    var state = crypto_hash_sha256_state()

    public init() {
        Sodium.ensureReady()
        crypto_hash_sha256_init(&self.state)
    }

    /// Feeds `bytes` into the digest.
    public mutating func update<Bytes: ContiguousBytes>(_ bytes: Bytes) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            _ = crypto_hash_sha256_update(&self.state, base.assumingMemoryBound(to: UInt8.self), UInt64(buffer.count))
        }
    }

    /// Feeds the UTF-8 bytes of `text`.
    public mutating func update(_ text: String) {
        var copy = text
        copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            _ = crypto_hash_sha256_update(&self.state, base, UInt64(buffer.count))
        }
    }

    /// The digest of everything fed so far. The hasher itself is unchanged (finalising works on a
    /// copy of the state), so it can keep absorbing and give running digests.
    public func finalize() -> Digest {
        var state = self.state
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { _ = crypto_hash_sha256_final(&state, $0.baseAddress!) }
        return Digest(unchecked: out)
    }
}
