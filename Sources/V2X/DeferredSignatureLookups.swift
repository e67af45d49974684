import V2VCrypto

/// Signature checks made on a worker thread against a ``SignatureMemo`` that no thread changes
/// while the worker runs, kept in order so that the memo's owner can replay them later
/// (``SignatureMemo/replay(_:)``) exactly as if the owner had made them itself at that point.
///
/// The verdict of a triple depends only on its bytes, so answering from a snapshot of the memo, or
/// from a libsodium call the memo would have spared, gives the same verdict. What a snapshot cannot
/// know is the memo's bookkeeping (hits, misses, the oldest entries forgotten, the process-wide
/// call count): the replay redoes that in the owner's order, so it is identical for any number of
/// threads. A real call made here is counted only if the replay finds that the serial run would
/// have made it too (so the summary's verify count is the serial one; the rare extra calls, when
/// two workers miss the same triple, are not counted).
///
/// One instance per worker chunk; not for sharing between threads.
public final class DeferredSignatureLookups: SignatureChecking {
    struct Lookup {
        let triple: SignatureMemo.Triple
        let verdict: Bool
        /// Whether a libsodium call would have been made for it (a malformed length makes none).
        let called: Bool
    }

    let memo: SignatureMemo
    private(set) var lookups: [Lookup] = []

    /// Lookups against `memo`, which must not change until they are replayed.
    public init(memo: SignatureMemo) {
        self.memo = memo
    }

    /// Whether nothing was looked up since the last replay.
    public var isEmpty: Bool { self.lookups.isEmpty }

    public func isValid(signature: ArraySlice<UInt8>, message: ArraySlice<UInt8>, key: VerifyingKey) -> Bool {
        let triple = SignatureMemo.Triple(key: key, signature: signature, message: message)
        let verdict: Bool
        var called = true
        if let known = self.memo.peek(triple) {
            verdict = known
        } else if let earlier = self.lookups.first(where: { $0.triple == triple }) {
            // Looked up before in this chunk; the replay will count this one as a hit.
            verdict = earlier.verdict
            called = earlier.called
        } else {
            let check = key.checkSignatureUncounted(bytes: Array(signature), for: message)
            verdict = check.valid
            called = check.called
        }
        self.lookups.append(Lookup(triple: triple, verdict: verdict, called: called))
        return verdict
    }

    /// Forgets the lookups (after the owner replayed them).
    func clear() { self.lookups.removeAll(keepingCapacity: true) }
}

extension SignatureMemo {
    /// The verdict on `triple` if the memo has one, without changing the memo; a check still on the
    /// pool is waited for (or run here) but stays pending in the memo. Several threads may call it
    /// at once as long as no thread changes the memo.
    func peek(_ triple: Triple) -> Bool? {
        switch self.verdicts[triple] {
        case let .known(verdict)?: return verdict
        case let .pending(job, pool)?: return pool.verdict(of: job)
        case nil: return nil
        }
    }

    /// Applies `lookups` made on a worker as if this thread had made them now, in their order:
    /// hits, misses, insertions (and the oldest entries they push out) and the count of real
    /// libsodium calls come out exactly as in a serial run. Empties `lookups`.
    public func replay(_ lookups: DeferredSignatureLookups) {
        precondition(lookups.memo === self, "lookups replayed into another memo")
        for lookup in lookups.lookups {
            switch self.verdicts[lookup.triple] {
            case .known?:
                self.hits += 1
            case .pending?:
                self.hits += 1
                self.verdicts[lookup.triple] = .known(lookup.verdict)
            case nil:
                self.misses += 1
                if lookup.called { CryptoCallCounter.countVerify() }
                self.insert(lookup.triple, .known(lookup.verdict))
            }
        }
        lookups.clear()
    }
}
