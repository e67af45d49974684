import ArgumentParser
import Ledger
import V2VCrypto
import V2VSim

/// `v2vsim ledger`: audit a trace's RSU chain and prove that a message was anchored.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Audit the RSU chain of a trace, or prove a message's anchoring.",
        subcommands: [LedgerVerifyCommand.self, LedgerProveCommand.self])
}

/// Loads a trace's ledger or exits with a message naming the file.
private func loadLedger(_ path: String) throws -> TraceLedger {
    do {
        return try TraceLedger.load(path: path)
    } catch {
        Terminal.error("error: \(error)")
        throw ExitCode.failure
    }
}

struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every hash link, Merkle root, signature and quorum; exit 2 naming the first bad block and field.")

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    func run() throws {
        let ledger = try loadLedger(self.trace)
        let report = ledger.audit()
        let leaves = ledger.blocks.reduce(0) { $0 + ($1?.leaves.count ?? 0) }
        if let problem = report.firstProblem {
            Terminal.error("\(self.trace): block \(problem.height): field \(problem.field): \(problem.message)")
            throw ExitCode(ExitCodes.verificationFailed)
        }
        print("ok: \(report.blocksChecked) blocks, \(leaves) leaves; every hash link, Merkle root, "
            + "signature and quorum (\(ledger.committee.quorum) of \(ledger.committee.count)) checks out")
    }
}

struct LedgerProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print the inclusion proof of a message (leaf, path, block, quorum certificate) and check it.",
        discussion: "The printed form is documented in docs/ledger.md (\"Inclusion proofs\").")

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Argument(help: "Message id (messages.message_id).")
    var messageID: UInt64

    func run() throws {
        let ledger = try loadLedger(self.trace)
        guard let (proof, anchor, row) = ledger.proof(forMessage: self.messageID) else {
            Terminal.error("error: \(self.trace): message \(self.messageID) is not anchored in a final block")
            throw ExitCode.failure
        }
        print("v2vsim-anchor-proof v1")
        print("message      \(self.messageID)")
        print("leaf         \(proof.leaf.hex)")
        print("leaf_hash    \(Block.leafHash(of: proof.leaf).hex)")
        print("leaf_index   \(proof.leafIndex)")
        print("block        \(row.height)")
        print("block_hash   \(row.hash)")
        print("merkle_root  \(row.merkleRoot)")
        print("tree_size    \(row.leafCount)")
        print("header       \(Hex.encode(proof.headerBytes))")
        for step in proof.path { print("path         \(step.hex)") }
        for vote in proof.votes { print("vote         \(vote.rsu.raw) \(vote.signature.hex)") }
        print("generated_s  \(String(format: "%.6f", anchor.tGenerated.seconds))")
        print("final_s      \(String(format: "%.6f", anchor.tFinal.seconds))")
        if let problem = proof.problem(committee: ledger.committee) {
            Terminal.error("\(self.trace): proof does not verify: \(problem)")
            throw ExitCode(ExitCodes.verificationFailed)
        }
        print("check        ok: path leads to merkle_root; \(proof.votes.count) valid votes, quorum \(ledger.committee.quorum) of \(ledger.committee.count)")
    }
}
