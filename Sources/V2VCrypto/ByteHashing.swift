/// Hashing for the byte-array values (digests, keys, signatures).
///
/// A synthesised `Hashable` on a `[UInt8]` feeds the hasher one byte per call; these values are
/// dictionary and set keys on hot paths (mempools of leaves, memos of signatures), where that was a
/// measurable share of a run. Feeding the bytes as one buffer gives the same equality and an
/// equally good hash. Hash values are seeded per process, so nothing may depend on them anyway.
extension Digest {
    public func hash(into hasher: inout Hasher) { self.bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
}

extension VerifyingKey {
    public func hash(into hasher: inout Hasher) { self.bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
}

extension Signature {
    public func hash(into hasher: inout Hasher) { self.bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
}
