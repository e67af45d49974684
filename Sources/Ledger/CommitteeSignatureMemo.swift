import Synchronization
import V2VCrypto

/// Remembers libsodium's verdict on committee members' signatures, shared by every RSU holding the
/// same `RSUCommittee`.
///
/// Each vote, prepare, proposal and view change is broadcast to every member, and every member
/// checks it; final blocks' votes are checked again when they are appended. Ed25519 verification is
/// a pure function of (key, message, signature), so all members get the same answer, and the memo
/// lets a run check each distinct signature once. With `n` RSUs that turns the `O(n²)` checks per
/// block of a BFT round into `O(n)`: at 100 RSUs (`Scenarios/bench-10000.yaml`) about 26 000
/// checks per block, over a second of one core, become about 300. Results never change: a verdict
/// is only ever reused for byte-identical input, and a forgotten one is simply checked again.
///
/// Thread-safe (a lock around the table; the libsodium call runs outside it), because the
/// committee is a `Sendable` value that other threads may hold.
final class CommitteeSignatureMemo: Sendable {
    /// Distinct signatures kept: several blocks' worth of rounds at any committee size the
    /// scenario loader allows; the oldest are forgotten first.
    static let capacity = 8_192

    private struct Key: Hashable {
        let rsu: UInt32
        let signature: [UInt8]
        let message: [UInt8]

        func hash(into hasher: inout Hasher) {
            hasher.combine(self.rsu)
            self.signature.withUnsafeBytes { hasher.combine(bytes: $0) }
            self.message.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private struct Table {
        var verdicts: [Key: Bool] = [:]
        /// Keys in insertion order, a ring of `capacity` slots, for eviction.
        var order: [Key?] = Array(repeating: nil, count: CommitteeSignatureMemo.capacity)
        var next = 0
        var checks = 0
    }

    private let table = Mutex(Table())

    /// The libsodium checks this memo made (each distinct input once, unless it was forgotten).
    var checks: Int { self.table.withLock { $0.checks } }

    /// Whether `signature` by member `rsu`, whose key is `key`, is valid over `message`.
    func isValid(_ signature: Signature, by rsu: RSUID, key: VerifyingKey, for message: [UInt8]) -> Bool {
        let entry = Key(rsu: rsu.raw, signature: signature.bytes, message: message)
        if let known = self.table.withLock({ $0.verdicts[entry] }) { return known }
        let verdict = key.isValidSignature(signature, for: message)
        self.table.withLock { table in
            table.checks += 1
            guard table.verdicts[entry] == nil else { return }
            if let evicted = table.order[table.next] { table.verdicts[evicted] = nil }
            table.order[table.next] = entry
            table.next = (table.next + 1) % Self.capacity
            table.verdicts[entry] = verdict
        }
        return verdict
    }
}
