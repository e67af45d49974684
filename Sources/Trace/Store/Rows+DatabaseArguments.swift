import Foundation
internal import GRDB

// Row → statement arguments, in the column order of `TraceSchema`. UInt64 values keep their bit pattern.

// Vehicle rows are bound directly (InsertStatements+Vehicles.swift).

extension MessageRow {
    var databaseArguments: StatementArguments {
        [
            Int64(bitPattern: self.messageID), Int64(self.sender), self.pseudonym, self.messageType,
            self.tGenerated.nanoseconds, self.tSigned.nanoseconds, self.tTransmitStart.nanoseconds,
            self.tTransmitEnd.nanoseconds, self.sizeBytes, Data(self.envelope), Data(self.signerPublicKey),
            self.attacker,
        ]
    }
}

extension ReceptionRow {
    /// The row's arguments with its label columns as codes (see `ReceptionCodebook`).
    func databaseArguments(radioOutcome: Int64, verifyOutcome: Int64, reason: Int64) -> StatementArguments {
        [
            Int64(bitPattern: self.messageID), self.receiverKind, Int64(self.receiverID), self.tReceived.nanoseconds,
            self.distance, radioOutcome, verifyOutcome, reason,
            self.tVerifyStart?.nanoseconds, self.tVerified?.nanoseconds,
            self.latency?.nanoseconds, self.actedOn ? 1 : 0,
        ]
    }
}

extension BlockRow {
    var databaseArguments: StatementArguments {
        [
            Int64(bitPattern: self.height), self.hash, self.previousHash, self.merkleRoot, Int64(self.proposer),
            self.tProposed.nanoseconds, self.tFinal.nanoseconds, self.leafCount, self.signatures,
            Data(self.headerBytes),
        ]
    }
}

extension AnchorRow {
    var databaseArguments: StatementArguments {
        [
            Int64(bitPattern: self.messageID), Int64(bitPattern: self.height), self.leafIndex, self.leafHash,
            self.tGenerated.nanoseconds, self.tFinal.nanoseconds,
        ]
    }
}

extension IncidentRow {
    var databaseArguments: StatementArguments {
        [
            self.time.nanoseconds, self.kind, Int64(self.vehicleA), self.vehicleB.map { Int64($0) }, self.value,
            self.detail,
        ]
    }
}

extension LeafRow {
    var databaseArguments: StatementArguments {
        [
            Int64(bitPattern: self.height), self.leafIndex, self.kind, Data(self.leaf), self.leafHash,
            self.tFinal.nanoseconds,
        ]
    }
}

extension ConsensusRow {
    var databaseArguments: StatementArguments {
        [
            self.time.nanoseconds, Int64(self.rsu), self.kind, Int64(bitPattern: self.view),
            Int64(bitPattern: self.height), self.bytes, self.recipients,
        ]
    }
}

extension EventDigestRow {
    var databaseArguments: StatementArguments {
        [self.secondStart.nanoseconds, self.kind, self.events, self.digest]
    }
}
