import SimKernel
import Trace

/// Rows with known values (negative numbers, halves to round, nils, odd bytes) used across the tests.
enum SampleRows {
    static let meta = TraceMeta(
        scenarioName: "unit", scenarioText: "name: unit\nseed: 42\n", seed: 42, programVersion: "0.0-test")

    static let vehicles = [
        VehicleRow(
            time: SimTime(nanoseconds: 1_500_000_000), vehicleID: 7, x: -12.3456, y: 0.0005, angleDeg: 359.995,
            speed: 2.0005, accel: -0.0004, lane: 2, policy: "expert", type: "car", pos: 12.3456),
        VehicleRow(
            time: SimTime(nanoseconds: 1_600_000_000), vehicleID: 8, x: 1e-7, y: -3.5, angleDeg: -0.004,
            speed: 33.3333333, accel: -1.0005, lane: 0, policy: "Policies/mlp.safetensors", type: "truck", pos: 0.0004),
    ]

    static let messages = [
        MessageRow(
            messageID: 42, sender: 7, pseudonym: "00112233aabbccdd", messageType: "sensor_broadcast",
            tGenerated: .seconds(1), tSigned: SimTime(nanoseconds: 1_000_050_000),
            tTransmitStart: SimTime(nanoseconds: 1_000_123_456), tTransmitEnd: SimTime(nanoseconds: 1_000_123_500),
            sizeBytes: 300, envelope: [0x00, 0xab, 0xff], signerPublicKey: [0x01, 0x02], attacker: nil),
        MessageRow(
            messageID: .max, sender: 9, pseudonym: "ffffffffffffffff", messageType: "hazard",
            tGenerated: .zero, tSigned: .zero, tTransmitStart: .zero, tTransmitEnd: .never,
            sizeBytes: 0, envelope: [], signerPublicKey: [], attacker: "replay"),
    ]

    static let receptions = [
        ReceptionRow(
            messageID: 42, receiverKind: "vehicle", receiverID: 8, tReceived: SimTime(nanoseconds: 1_000_200_000),
            distance: 123.4565, radioOutcome: "received", verifyOutcome: "accepted", reason: "",
            tVerifyStart: SimTime(nanoseconds: 1_000_250_000), tVerified: SimTime(nanoseconds: 1_000_320_000), latency: SimTime(nanoseconds: 2_345_500), actedOn: true),
        ReceptionRow(
            messageID: 42, receiverKind: "rsu", receiverID: 1, tReceived: SimTime(nanoseconds: 1_000_200_001),
            distance: 0, radioOutcome: "collision", verifyOutcome: "unchecked", reason: "", tVerified: nil,
            latency: nil, actedOn: false),
    ]

    static let blocks = [
        BlockRow(
            height: 3, hash: "aa11", previousHash: "bb22", merkleRoot: "cc33", proposer: 2,
            tProposed: .milliseconds(500), tFinal: .milliseconds(512), leafCount: 17, signatures: "1:ab;2:cd;3:ef",
            headerBytes: [0xde, 0xad, 0xbe, 0xef])
    ]

    static let anchors = [
        AnchorRow(
            messageID: 42, height: 3, leafIndex: 5, leafHash: "dd44", tGenerated: .seconds(1),
            tFinal: SimTime(nanoseconds: 1_512_345_600))
    ]

    static let incidents = [
        IncidentRow(
            time: .seconds(2), kind: "near_miss", vehicleA: 7, vehicleB: nil, value: -1.23456,
            detail: "said \"stop\", then braked"),
        IncidentRow(time: .seconds(3), kind: "collision", vehicleA: 7, vehicleB: 8, value: 12.5, detail: "rear-end"),
    ]

    static let leaves = [
        LeafRow(height: 3, leafIndex: 0, kind: "message", leaf: [0x01] + Array(repeating: 0xab, count: 32), leafHash: "ee55",
            tFinal: .milliseconds(512)),
        LeafRow(height: 3, leafIndex: 1, kind: "registration", leaf: [0x04, 0x00], leafHash: "ff66", tFinal: .milliseconds(512)),
    ]

    static let consensus = [
        ConsensusRow(time: .milliseconds(500), rsu: 2, kind: "proposal", view: 0, height: 3, bytes: 310, recipients: 3),
        ConsensusRow(time: .milliseconds(1500), rsu: 1, kind: "view_entered", view: 1, height: 4, bytes: 0, recipients: 0),
    ]

    /// Records every sample row into a finished trace at `path`.
    static func record(to path: String, batchSize: Int = 5_000) throws {
        let recorder = try TraceRecorder(path: path, meta: Self.meta, batchSize: batchSize)
        for row in Self.vehicles { try recorder.record(row) }
        for row in Self.messages { try recorder.record(row) }
        for row in Self.receptions { try recorder.record(row) }
        for row in Self.blocks { try recorder.record(row) }
        for row in Self.anchors { try recorder.record(row) }
        for row in Self.incidents { try recorder.record(row) }
        for row in Self.leaves { try recorder.record(row) }
        for row in Self.consensus { try recorder.record(row) }
        try recorder.finish(summary: ["messages_sent": "2", "verify_calls": "1"])
    }
}
