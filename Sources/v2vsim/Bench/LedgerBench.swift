import Ledger
import SimKernel
import V2VCrypto

/// The ledger alone: blocks of message leaves proposed, voted by a quorum of the committee (real Ed25519
/// signatures) and appended to a chain, which validates the Merkle root and checks every vote.
enum LedgerBench {
    static func run(rsus: Int, blocks: Int, leavesPerBlock: Int, report: BenchReport) throws {
        let keys = try (0..<rsus).map { i in try SigningKey(seed: [UInt8](repeating: UInt8(i + 1), count: 32)) }
        let committee = RSUCommittee(keys: keys.map(\.verifyingKey))
        var chain = Chain(committee: committee)
        var counter: UInt64 = 0
        // Leaves are built beforehand: in a run they are digests the RSUs already hold.
        let leafSets: [[LedgerLeaf]] = (0..<blocks).map { _ in
            (0..<leavesPerBlock).map { _ in
                counter += 1
                var bytes = [UInt8](repeating: 0, count: 8)
                for k in 0..<8 { bytes[k] = UInt8(truncatingIfNeeded: counter >> (8 * k)) }
                return .message(SHA256.hash(bytes))
            }
        }
        let voters = (0..<committee.quorum).map { RSUID(raw: UInt32($0)) }
        let timed = try BenchClock.measure {
            for (index, leaves) in leafSets.enumerated() {
                var block = BlockBuilder.propose(
                    height: chain.height, previous: chain.tipHash, leaves: leaves,
                    timestamp: .milliseconds(500 * Int64(index + 1)), proposer: committee.proposer(forHeight: chain.height))
                block.votes = voters.map { BlockValidator.vote(on: block, by: $0, key: keys[Int($0.raw)]) }
                try chain.appendFinal(block)
            }
        }
        let leaves = blocks * leavesPerBlock
        report.emit("ledger", [
            ("rsus", .integer(rsus)), ("quorum", .integer(committee.quorum)), ("blocks", .integer(blocks)),
            ("leaves_per_block", .integer(leavesPerBlock)), ("wall_s", .number(timed.seconds)),
            ("leaves_final_per_s", .number(Double(leaves) / timed.seconds, decimals: 0)),
            ("blocks_final_per_s", .number(Double(blocks) / timed.seconds, decimals: 1)),
        ])
    }
}
