import Foundation
internal import GRDB
import SimKernel

// Database row → trace row, in the column order of `TraceSchema`. Decoding throws on a wrong type or NULL
// rather than trapping, so a hand-edited trace gives an error, not a crash.

extension Row {
    func int64(_ index: Int) throws -> Int64 { try self.decode(Int64.self, atIndex: index) }
    func int(_ index: Int) throws -> Int { try self.decode(Int.self, atIndex: index) }
    func string(_ index: Int) throws -> String { try self.decode(String.self, atIndex: index) }
    func optionalString(_ index: Int) throws -> String? { try self.decode(String?.self, atIndex: index) }
    func bits64(_ index: Int) throws -> UInt64 { UInt64(bitPattern: try self.int64(index)) }
    func time(_ index: Int) throws -> SimTime { SimTime(nanoseconds: try self.int64(index)) }
    func optionalTime(_ index: Int) throws -> SimTime? {
        try self.decode(Int64?.self, atIndex: index).map { SimTime(nanoseconds: $0) }
    }
    /// SQLite stores NaN as NULL, so NULL reads back as NaN.
    func double(_ index: Int) throws -> Double { try self.decode(Double?.self, atIndex: index) ?? .nan }
    /// Zero-length blobs may read back as NULL; both mean no bytes.
    func bytes(_ index: Int) throws -> [UInt8] { [UInt8](try self.decode(Data?.self, atIndex: index) ?? Data()) }
    func uint32(_ index: Int) throws -> UInt32 {
        let value = try self.int64(index)
        guard let id = UInt32(exactly: value) else {
            throw ColumnValueError(description: "column \(index): \(value) is not a 32-bit id")
        }
        return id
    }
    func optionalUInt32(_ index: Int) throws -> UInt32? {
        try self.decode(Int64?.self, atIndex: index) == nil ? nil : try self.uint32(index)
    }
}

extension VehicleRow {
    init(databaseRow row: Row) throws {
        self.init(
            time: try row.time(0), vehicleID: try row.uint32(1), x: try row.double(2), y: try row.double(3),
            angleDeg: try row.double(4), speed: try row.double(5), accel: try row.double(6), lane: try row.int(7),
            policy: try row.string(8), type: try row.string(9), pos: try row.double(10))
    }
}

extension MessageRow {
    init(databaseRow row: Row) throws {
        self.init(
            messageID: try row.bits64(0), sender: try row.uint32(1), pseudonym: try row.string(2),
            messageType: try row.string(3), tGenerated: try row.time(4), tSigned: try row.time(5),
            tTransmitStart: try row.time(6), tTransmitEnd: try row.time(7), sizeBytes: try row.int(8),
            envelope: try row.bytes(9), signerPublicKey: try row.bytes(10), attacker: try row.optionalString(11))
    }
}

extension ReceptionRow {
    /// Decodes a stored row, turning its label codes back into names with the trace's own `codes` table.
    init(databaseRow row: Row, codes: ReceptionCodeNames) throws {
        self.init(
            messageID: try row.bits64(0), receiverKind: try row.string(1), receiverID: try row.uint32(2),
            tReceived: try row.time(3), distance: try row.double(4),
            radioOutcome: try codes.name(try row.int64(5), in: .radioOutcome),
            verifyOutcome: try codes.name(try row.int64(6), in: .verifyOutcome),
            reason: try codes.name(try row.int64(7), in: .reason),
            tVerifyStart: try row.optionalTime(8), tVerified: try row.optionalTime(9),
            latency: try row.optionalTime(10), actedOn: try row.int64(11) != 0)
    }
}

extension BlockRow {
    init(databaseRow row: Row) throws {
        self.init(
            height: try row.bits64(0), hash: try row.string(1), previousHash: try row.string(2),
            merkleRoot: try row.string(3), proposer: try row.uint32(4), tProposed: try row.time(5),
            tFinal: try row.time(6), leafCount: try row.int(7), signatures: try row.string(8),
            headerBytes: try row.bytes(9))
    }
}

extension AnchorRow {
    init(databaseRow row: Row) throws {
        self.init(
            messageID: try row.bits64(0), height: try row.bits64(1), leafIndex: try row.int(2),
            leafHash: try row.string(3), tGenerated: try row.time(4), tFinal: try row.time(5))
    }
}

extension IncidentRow {
    init(databaseRow row: Row) throws {
        self.init(
            time: try row.time(0), kind: try row.string(1), vehicleA: try row.uint32(2),
            vehicleB: try row.optionalUInt32(3), value: try row.double(4), detail: try row.string(5))
    }
}

extension LeafRow {
    init(databaseRow row: Row) throws {
        self.init(
            height: try row.bits64(0), leafIndex: try row.int(1), kind: try row.string(2), leaf: try row.bytes(3),
            leafHash: try row.string(4), tFinal: try row.time(5))
    }
}

extension ConsensusRow {
    init(databaseRow row: Row) throws {
        self.init(
            time: try row.time(0), rsu: try row.uint32(1), kind: try row.string(2), view: try row.bits64(3),
            height: try row.bits64(4), bytes: try row.int(5), recipients: try row.int(6))
    }
}

extension EventDigestRow {
    init(databaseRow row: Row) throws {
        self.init(secondStart: try row.time(0), kind: try row.string(1), events: try row.int(2), digest: try row.string(3))
    }
}
