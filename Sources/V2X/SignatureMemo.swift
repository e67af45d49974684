import V2VCrypto

/// Remembers libsodium's verdict on exact (public key, signed bytes, signature) triples.
///
/// One broadcast reaches dozens of receivers with identical bytes; Ed25519 verification is a pure
/// function of those bytes, so the verdict cannot differ between them. The memo lets a run check each
/// distinct triple once with libsodium while every receiver is still charged its modelled
/// verification time. Memory is bounded: the oldest entries are forgotten first, which only costs a
/// repeated real verification, never a different answer.
///
/// Not thread-safe: one simulation owns one memo.
public final class SignatureMemo {
    /// The triple, holding slices of the caller's arrays (no copy). Equality compares every byte;
    /// the hash uses the key, the first 16 signature bytes and the message length, which is cheap
    /// and, for Ed25519 signatures, as good as hashing everything.
    private struct Triple: Hashable {
        let key: VerifyingKey
        let signature: ArraySlice<UInt8>
        let message: ArraySlice<UInt8>

        func hash(into hasher: inout Hasher) {
            hasher.combine(self.key)
            hasher.combine(self.message.count)
            var i = self.signature.startIndex
            var word: UInt64 = 0
            for k in 0..<min(16, self.signature.count) {
                word |= UInt64(self.signature[i]) << (8 * UInt64(k % 8))
                if k % 8 == 7 { hasher.combine(word); word = 0 }
                i += 1
            }
            hasher.combine(word)
        }

        static func == (a: Triple, b: Triple) -> Bool {
            a.key == b.key && a.signature.elementsEqual(b.signature) && a.message.elementsEqual(b.message)
        }
    }

    private var verdicts: [Triple: Bool] = [:]
    private var order: [Triple?]
    private var next = 0
    /// Lookups answered from the memo.
    public private(set) var hits = 0
    /// Lookups that called libsodium.
    public private(set) var misses = 0

    /// - Parameter capacity: entries kept before the oldest are forgotten.
    public init(capacity: Int = 16_384) {
        precondition(capacity > 0)
        self.order = Array(repeating: nil, count: capacity)
    }

    /// Whether `signature` is valid over `message` under `key`, by libsodium's rules.
    public func isValid(signature: ArraySlice<UInt8>, message: ArraySlice<UInt8>, key: VerifyingKey) -> Bool {
        let triple = Triple(key: key, signature: signature, message: message)
        if let known = self.verdicts[triple] {
            self.hits += 1
            return known
        }
        self.misses += 1
        let verdict = key.isValidSignature(bytes: Array(signature), for: message)
        if let evicted = self.order[self.next] { self.verdicts[evicted] = nil }
        self.order[self.next] = triple
        self.next = (self.next + 1) % self.order.count
        self.verdicts[triple] = verdict
        return verdict
    }
}
