import V2VCrypto

/// Remembers libsodium's verdict on exact (public key, signed bytes, signature) triples.
///
/// One broadcast reaches dozens of receivers with identical bytes; Ed25519 verification is a pure
/// function of those bytes, so the verdict cannot differ between them. The memo lets a run check each
/// distinct triple once with libsodium while every receiver is still charged its modelled
/// verification time. Memory is bounded: the oldest entries are forgotten first, which only costs a
/// repeated real verification, never a different answer.
///
/// Checks can be started ahead of need with ``prefetch(signature:message:key:)``: with a
/// ``VerificationPool`` they run on its threads, without one they run at once. The memo itself is
/// changed by one thread only (one simulation owns one memo); only the libsodium call moves to a worker,
/// and its answer comes back through the pool's job, so which triples are checked, and how often,
/// follows the owner's deterministic call order whatever the pool's size or timing. Several threads
/// may look verdicts up at once while the owner changes nothing (``DeferredSignatureLookups``); the
/// owner then replays their lookups in its own order (``replay(_:)``).
public final class SignatureMemo: SignatureChecking {
    /// A verdict, or the pool job that will produce it.
    enum Entry {
        case known(Bool)
        case pending(VerificationJob, VerificationPool)
    }

    /// The triple, holding slices of the caller's arrays (no copy). Equality compares every byte;
    /// the hash uses the first 16 signature bytes and the message length, which is cheap and, for
    /// Ed25519 signatures, as good as hashing everything (the key is left out: hashing its 32 bytes
    /// one by one was a tenth of a large run, and equal signature bytes under different keys are
    /// told apart by the equality check).
    struct Triple: Hashable {
        let key: VerifyingKey
        let signature: ArraySlice<UInt8>
        let message: ArraySlice<UInt8>

        func hash(into hasher: inout Hasher) {
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

        /// `==` on the slices, not `elementsEqual`: every receiver of a frame holds slices of the same
        /// decoded bytes, and `==` answers those from their shared storage without a byte loop.
        static func == (a: Triple, b: Triple) -> Bool {
            a.signature == b.signature && a.message == b.message && a.key == b.key
        }
    }

    var verdicts: [Triple: Entry] = [:]
    /// Where prefetched checks run; nil runs them at once on the calling thread.
    private var pool: VerificationPool?
    private var order: [Triple?]
    private var next = 0
    /// Lookups answered from the memo.
    public internal(set) var hits = 0
    /// Real libsodium checks started: lookups that found nothing, and prefetches of new triples.
    public internal(set) var misses = 0
    /// Prefetches of triples not yet known (each also counts as a miss).
    public private(set) var prefetched = 0

    /// - Parameter capacity: entries kept before the oldest are forgotten.
    public init(capacity: Int = 16_384) {
        precondition(capacity > 0)
        self.order = Array(repeating: nil, count: capacity)
    }

    /// Runs prefetched checks on `pool` from now on (nil: at once, on the calling thread). Verdicts
    /// do not depend on it, nor does the number of real checks.
    public func use(pool: VerificationPool?) {
        self.pool?.drain()
        self.pool = pool
    }

    /// Starts the check of a triple that will probably be asked for soon, unless it is known. The
    /// rule depends only on the call order, never on timing, so the set of real checks is the same
    /// with or without a pool.
    public func prefetch(signature: ArraySlice<UInt8>, message: ArraySlice<UInt8>, key: VerifyingKey) {
        let triple = Triple(key: key, signature: signature, message: message)
        guard self.verdicts[triple] == nil else { return }
        self.misses += 1
        self.prefetched += 1
        if let pool = self.pool {
            self.insert(triple, .pending(pool.submit(key: key, signature: signature, message: message), pool))
        } else {
            self.insert(triple, .known(key.isValidSignature(bytes: Array(signature), for: message)))
        }
    }

    /// Whether `signature` is valid over `message` under `key`, by libsodium's rules. A prefetched
    /// check still in a worker's hands is waited for; one no worker has started runs here.
    public func isValid(signature: ArraySlice<UInt8>, message: ArraySlice<UInt8>, key: VerifyingKey) -> Bool {
        let triple = Triple(key: key, signature: signature, message: message)
        switch self.verdicts[triple] {
        case let .known(verdict)?:
            self.hits += 1
            return verdict
        case let .pending(job, pool)?:
            self.hits += 1
            let verdict = pool.verdict(of: job)
            self.verdicts[triple] = .known(verdict)
            return verdict
        case nil:
            self.misses += 1
            let verdict = key.isValidSignature(bytes: Array(signature), for: message)
            self.insert(triple, .known(verdict))
            return verdict
        }
    }

    /// Waits until every prefetched check has run, so that libsodium's call counter is complete.
    public func drain() { self.pool?.drain() }

    func insert(_ triple: Triple, _ entry: Entry) {
        if let evicted = self.order[self.next] { self.verdicts[evicted] = nil }
        self.order[self.next] = triple
        self.next = (self.next + 1) % self.order.count
        self.verdicts[triple] = entry
    }
}

extension SignatureMemo {
    /// Prefetches the checks that a ``StationVerifier`` will make on `envelope`: the CA's signature
    /// on an attached certificate and the envelope's signature under that certificate's key, or,
    /// when the signer is named by digest, under `digestSignerKey` (the key the sender signed with;
    /// if a receiver's cached certificate says otherwise, its own lookup simply checks that triple).
    ///
    /// Call it when the frame's bytes are final (when it goes on air), in the simulation's event
    /// order; receivers then find the verdicts in the memo.
    public func prefetchChecks(of envelope: SignedEnvelope, trustedCA: VerifyingKey, digestSignerKey: VerifyingKey) {
        let key: VerifyingKey
        switch envelope.signer {
        case let .certificate(c):
            self.prefetch(
                signature: c.encoded[Certificate.signedLength...], message: c.encoded[..<Certificate.signedLength],
                key: trustedCA)
            key = c.subjectKey
        case .digest:
            key = digestSignerKey
        }
        self.prefetch(signature: envelope.signatureBytes, message: envelope.signedBytes, key: key)
    }
}
