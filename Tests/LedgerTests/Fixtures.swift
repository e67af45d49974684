import Ledger
import SimKernel
import V2VCrypto

/// Deterministic keys, leaves and chains shared by the ledger tests.
enum Fixture {
    /// `n` signing keys from fixed seeds: RSU `i` has the seed of 32 bytes of value `i + 1`.
    static func signingKeys(_ n: Int) throws -> [SigningKey] {
        try (0..<n).map { i in try SigningKey(seed: [UInt8](repeating: UInt8(i + 1), count: 32)) }
    }

    /// The committee of `keys`.
    static func committee(_ keys: [SigningKey]) -> RSUCommittee {
        RSUCommittee(keys: keys.map(\.verifyingKey))
    }

    /// A stand-in for the digest of a signed message.
    static func digest(_ text: String) -> Digest { SHA256.hash(Array(text.utf8)) }

    /// Leaves of the block at `height`: 0 to 7 of them, so the chain has empty and one-leaf blocks.
    static func leaves(forHeight height: UInt64) -> [LedgerLeaf] {
        (0..<Int((height * 3) % 8)).map { .message(Fixture.digest("msg-\(height)-\($0)")) }
    }

    /// One block every 500 ms.
    static func timestamp(forHeight height: UInt64) -> SimTime { .milliseconds(500 * Int64(height + 1)) }

    /// The honest proposal for the next block of `chain`.
    static func proposal(on chain: Chain, leaves: [Digest]? = nil) -> Block {
        BlockBuilder.propose(
            height: chain.height,
            previous: chain.tipHash,
            leaves: leaves.map { $0.map(LedgerLeaf.message) } ?? Fixture.leaves(forHeight: chain.height),
            timestamp: Fixture.timestamp(forHeight: chain.height),
            proposer: chain.committee.proposer(forHeight: chain.height)
        )
    }

    /// `block` with votes by `voters` (indices into `keys`), in the given order.
    static func voted(_ block: Block, keys: [SigningKey], voters: [Int]) -> Block {
        var block = block
        block.votes = voters.map { BlockValidator.vote(on: block, by: RSUID(raw: UInt32($0)), key: keys[$0]) }
        return block
    }

    /// Who votes at `height`: everyone at even heights, all but one RSU (a rotating absentee) at odd.
    static func voters(forHeight height: UInt64, of n: Int) -> [Int] {
        let absent = height % 2 == 1 ? Int((height / 2) % UInt64(n)) : -1
        return (0..<n).filter { $0 != absent }
    }

    /// A final chain of `length` blocks built by `rsus` RSUs with deterministic keys.
    static func chain(length: Int, rsus: Int) throws -> (chain: Chain, keys: [SigningKey]) {
        let keys = try Fixture.signingKeys(rsus)
        var chain = Chain(committee: Fixture.committee(keys))
        for _ in 0..<length {
            let block = Fixture.voted(
                Fixture.proposal(on: chain),
                keys: keys,
                voters: Fixture.voters(forHeight: chain.height, of: rsus)
            )
            try chain.appendFinal(block)
        }
        return (chain, keys)
    }
}
