import ArgumentParser
import Ledger
import Trace
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
        let all = ledger.blocks.flatMap { $0?.leaves ?? [] }
        // Detector registrations appear only on chains of runs with a learned detector.
        let byKind = LeafKind.allCases.compactMap { kind -> String? in
            let count = all.filter { $0.kind == kind }.count
            return kind == .detectorRegistration && count == 0 ? nil : "\(count) \(kind)"
        }
        if let problem = report.firstProblem {
            Terminal.error("\(self.trace): block \(problem.height): field \(problem.field): \(problem.message)")
            throw ExitCode(ExitCodes.verificationFailed)
        }
        print("ok: \(report.blocksChecked) blocks, \(all.count) leaves (\(byKind.joined(separator: ", "))); every hash link, "
            + "Merkle root, signature, quorum (\(ledger.committee.quorum) of \(ledger.committee.count)), block size and "
            + "revocation checks out")
    }
}

struct LedgerProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print the inclusion proof of a leaf (leaf, path, block, quorum certificate) and check it.",
        discussion: """
            With a message id, proves that message's anchoring. With --kind registration|detector|report|revocation \
            and --certificate HEX (or --vehicle ID for the pseudonyms that vehicle signed with), proves every \
            such leaf about that certificate: for example which driving-policy model a vehicle registered. \
            The printed form is documented in docs/ledger.md ("Inclusion proofs").
            """)

    @Argument(help: "Trace file (trace.sqlite).")
    var trace: String

    @Argument(help: "Message id (messages.message_id).")
    var messageID: UInt64?

    @Option(help: "Leaf kind to prove instead of a message: registration, detector, report (by suspect) or revocation.")
    var kind: String?

    @Option(help: "Certificate digest (16 hex digits, the messages.pseudonym spelling).")
    var certificate: String?

    @Option(help: "Vehicle id (messages.sender): prove the leaves about every pseudonym it signed with.")
    var vehicle: UInt32?

    func validate() throws {
        if self.kind == nil {
            guard self.messageID != nil else { throw ValidationError("give a message id, or --kind with --certificate or --vehicle") }
            guard self.certificate == nil, self.vehicle == nil else { throw ValidationError("--certificate and --vehicle need --kind") }
        } else {
            guard self.messageID == nil else { throw ValidationError("give either a message id or --kind, not both") }
            guard let kind = self.kind.flatMap(LeafKind.init(name:)), kind != .message else {
                throw ValidationError("--kind must be registration, detector, report or revocation")
            }
            guard (self.certificate == nil) != (self.vehicle == nil) else {
                throw ValidationError("--kind needs exactly one of --certificate and --vehicle")
            }
            if let text = self.certificate {
                guard text.count == 16, (try? Hex.decode(text)) != nil else {
                    throw ValidationError("--certificate must be 16 hex digits, got '\(text)'")
                }
            }
        }
    }

    func run() throws {
        let ledger = try loadLedger(self.trace)
        if let messageID = self.messageID {
            try self.proveMessage(messageID, ledger)
        } else {
            try self.proveLeaves(ledger)
        }
    }

    private func proveMessage(_ messageID: UInt64, _ ledger: TraceLedger) throws {
        guard let (proof, anchor, row) = ledger.proof(forMessage: messageID) else {
            Terminal.error("error: \(self.trace): message \(messageID) is not anchored in a final block")
            throw ExitCode.failure
        }
        print("v2vsim-anchor-proof v2")
        print("message      \(messageID)")
        self.printProof(proof, row: row)
        print("generated_s  \(String(format: "%.6f", anchor.tGenerated.seconds))")
        print("final_s      \(String(format: "%.6f", anchor.tFinal.seconds))")
        try self.check(proof, ledger)
    }

    private func proveLeaves(_ ledger: TraceLedger) throws {
        // Validated: kind names a non-message kind, and exactly one subject is given.
        let kind = LeafKind(name: self.kind!)!
        let names = self.certificate.map { [$0] } ?? ledger.pseudonyms[self.vehicle!] ?? []
        var proven = 0
        for name in names {
            // 16 hex digits (validated, or read from the trace's pseudonym column).
            guard let bytes = try? Hex.decode(name), bytes.count == 8 else { continue }
            let certificate = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            for (proof, content, row) in ledger.proofs(kind: kind, certificate: certificate) {
                if proven > 0 { print("") }
                print("v2vsim-anchor-proof v2")
                Self.describe(content, certificate: name)
                self.printProof(proof, row: row)
                print("final_s      \(String(format: "%.6f", (ledger.leaves[row.height]?.first?.tFinal ?? .zero).seconds))")
                try self.check(proof, ledger)
                proven += 1
            }
        }
        guard proven > 0 else {
            let subject = self.vehicle.map { "vehicle \($0)" } ?? "certificate \(self.certificate!)"
            Terminal.error("error: \(self.trace): no \(kind) leaf about \(subject) is anchored in a final block")
            throw ExitCode.failure
        }
    }

    private static func describe(_ content: LeafContent, certificate: String) {
        switch content {
        case .message:
            break
        case let .registration(r):
            print("registration \(certificate)")
            print("model        \(r.model.hex)")
            print("registered_s \(String(format: "%.6f", r.time.seconds))")
        case let .misbehaviourReport(r):
            print("report       against \(certificate)")
            print("reporter     \(Self.hex(r.reporter))")
            print("check        \(r.check)")
            print("reported_s   \(String(format: "%.6f", r.time.seconds))")
            print("evidence     \(r.evidence.hex)")
            print("detector     \(r.detector.map(\.hex) ?? "none (leaf written before reports named their detector)")")
        case let .detectorRegistration(r):
            print("detector     \(certificate)")
            print("model        \(r.detector.hex)")
            print("registered_s \(String(format: "%.6f", r.time.seconds))")
        case let .revocation(r):
            print("revocation   \(certificate)")
            print("basis_block  \(r.basisHeight)")
            print("reporters    \(r.reporters.map(Self.hex).joined(separator: " "))")
        }
    }

    /// A certificate name as 16 hex digits in wire order.
    private static func hex(_ raw: UInt64) -> String {
        Hex.encode((0..<8).map { UInt8(truncatingIfNeeded: raw >> (8 * UInt64($0))) })
    }

    private func printProof(_ proof: AnchorProof, row: BlockRow) {
        print("kind         \(proof.leaf.kind)")
        print("leaf         \(Hex.encode(proof.leaf.encoded))")
        print("leaf_hash    \(proof.leaf.leafHash.hex)")
        print("leaf_index   \(proof.leafIndex)")
        print("block        \(row.height)")
        print("block_hash   \(row.hash)")
        print("merkle_root  \(row.merkleRoot)")
        print("tree_size    \(row.leafCount)")
        print("header       \(Hex.encode(proof.headerBytes))")
        for step in proof.path { print("path         \(step.hex)") }
        for vote in proof.votes { print("vote         \(vote.rsu.raw) \(vote.signature.hex)") }
    }

    private func check(_ proof: AnchorProof, _ ledger: TraceLedger) throws {
        if let problem = proof.problem(committee: ledger.committee) {
            Terminal.error("\(self.trace): proof does not verify: \(problem)")
            throw ExitCode(ExitCodes.verificationFailed)
        }
        print("check        ok: path leads to merkle_root; \(proof.votes.count) valid votes, quorum \(ledger.committee.quorum) of \(ledger.committee.count)")
    }
}
