/// SHA-256 (FIPS 180-4) through libsodium.
public enum SHA256 {
    /// The digest of `data`.
    public static func hash<Bytes: ContiguousBytes>(_ data: Bytes) -> Digest {
        Digest(unchecked: SodiumSHA256.hash(data))
    }

    /// The digest of the concatenation of `parts`.
    public static func hash(concatenating parts: [[UInt8]]) -> Digest {
        Digest(unchecked: SodiumSHA256.hash(parts: parts))
    }
}
