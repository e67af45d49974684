import SimKernel

// Trace row → CSV fields, in the order of `CSVColumns`. Times are seconds with 6 decimals (microseconds),
// latencies milliseconds with 3 decimals (microseconds), both from integer nanoseconds; nil is an empty field.

/// Seconds with 6 decimals, the fixed time format of every CSV (the text of `SimTime.format(time, decimals: 6)`).
private func seconds(_ time: SimTime) -> String { DecimalText.seconds(time, decimals: 6) }

/// Milliseconds with 3 decimals.
private func milliseconds(_ time: SimTime) -> String { DecimalText.milliseconds(time, decimals: 3) }

extension VehicleRow {
    var csvFields: [String] {
        [
            seconds(self.time), String(self.vehicleID), DecimalText.fixed(self.x, decimals: 3),
            DecimalText.fixed(self.y, decimals: 3), DecimalText.fixed(self.angleDeg, decimals: 2),
            DecimalText.fixed(self.speed, decimals: 3), DecimalText.fixed(self.accel, decimals: 3),
            String(self.lane), self.type, self.policy, DecimalText.fixed(self.pos, decimals: 3),
        ]
    }
}

extension MessageRow {
    var csvFields: [String] {
        [
            String(self.messageID), String(self.sender), self.pseudonym, self.messageType, seconds(self.tGenerated),
            seconds(self.tSigned), seconds(self.tTransmitStart), seconds(self.tTransmitEnd), String(self.sizeBytes),
            Hex.encode(self.envelope), Hex.encode(self.signerPublicKey), self.attacker ?? "",
        ]
    }
}

extension ReceptionRow {
    var csvFields: [String] {
        [
            String(self.messageID), self.receiverKind, String(self.receiverID), seconds(self.tReceived),
            DecimalText.fixed(self.distance, decimals: 3), self.radioOutcome, self.verifyOutcome, self.reason,
            self.tVerifyStart.map(seconds) ?? "", self.tVerified.map(seconds) ?? "", self.latency.map(milliseconds) ?? "", self.actedOn ? "1" : "0",
        ]
    }
}

extension BlockRow {
    var csvFields: [String] {
        [
            String(self.height), self.hash, self.previousHash, self.merkleRoot, String(self.proposer),
            seconds(self.tProposed), seconds(self.tFinal), String(self.leafCount), self.signatures,
            Hex.encode(self.headerBytes),
        ]
    }
}

extension AnchorRow {
    var csvFields: [String] {
        [
            String(self.messageID), String(self.height), String(self.leafIndex), self.leafHash,
            seconds(self.tGenerated), seconds(self.tFinal), milliseconds(self.tFinal - self.tGenerated),
        ]
    }
}

extension IncidentRow {
    var csvFields: [String] {
        [
            seconds(self.time), self.kind, String(self.vehicleA), self.vehicleB.map { String($0) } ?? "",
            DecimalText.fixed(self.value, decimals: 3), self.detail,
        ]
    }
}

extension LeafRow {
    var csvFields: [String] {
        [String(self.height), String(self.leafIndex), self.kind, Hex.encode(self.leaf), self.leafHash, seconds(self.tFinal)]
    }
}

extension ConsensusRow {
    var csvFields: [String] {
        [
            seconds(self.time), String(self.rsu), self.kind, String(self.view), String(self.height), String(self.bytes),
            String(self.recipients),
        ]
    }
}

extension DecisionRow {
    /// The observation is its values separated by spaces, each in the shortest text that reads back to
    /// the same binary64 (so an auditor recomputes from exactly the recorded inputs); the output and the
    /// acceleration likewise.
    var csvFields: [String] {
        [
            seconds(self.time), String(self.vehicleID), self.policy, self.modelDigest, self.observationVersion,
            self.observation.map { "\($0)" }.joined(separator: " "), "\(self.output)", "\(self.acceleration)",
            self.laneChoice.map { String($0) } ?? "", self.shieldedAcceleration.map { "\($0)" } ?? "",
            self.laneChange.map { String($0) } ?? "", String(self.shield),
        ]
    }
}
