/// The payload of an uplink frame (message type 3): ledger leaves a vehicle hands to the RSUs, each
/// as its encoded bytes (type byte and body, opaque here; the ledger parses them).
///
/// Layout (docs/wire-format.md), little-endian:
///
/// | size | field |
/// |---|---|
/// | 1 | leaf count k (u8, 1 to `maximumLeaves`) |
/// | k × (2 + n) | each leaf: length n (u16, 1 to `maximumLeafLength`), then its n bytes |
///
/// Every count and length is checked before anything is read or allocated for it.
public struct UplinkPayload: Sendable, Equatable {
    /// The most leaves one frame carries (a scenario's `rsus.uplink.bundle` is at most this).
    public static let maximumLeaves = 32
    /// The longest leaf accepted [B]; a report, the largest kind vehicles send, encodes to 58 bytes.
    public static let maximumLeafLength = 256

    /// The encoded leaves, in the order the vehicle queued them.
    public let leaves: [[UInt8]]

    /// - Precondition: 1 to `maximumLeaves` leaves, each 1 to `maximumLeafLength` bytes.
    public init(leaves: [[UInt8]]) {
        precondition(
            (1...Self.maximumLeaves).contains(leaves.count), "an uplink frame carries 1 to \(Self.maximumLeaves) leaves")
        precondition(leaves.allSatisfy { (1...Self.maximumLeafLength).contains($0.count) }, "leaf length out of range")
        self.leaves = leaves
    }

    /// The payload bytes.
    public func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 1 + self.leaves.reduce(0) { $0 + 2 + $1.count })
        w.u8(UInt8(self.leaves.count))
        for leaf in self.leaves {
            w.u16(UInt16(leaf.count))
            w.raw(leaf)
        }
        return w.bytes
    }

    /// Parses untrusted payload bytes.
    /// - Throws: `DecodeError` naming the field and offset of the first problem.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> UplinkPayload {
        var r = ByteReader(bytes)
        let count = Int(try r.u8("uplink.leaf_count"))
        guard (1...Self.maximumLeaves).contains(count) else {
            throw DecodeError(
                field: "uplink.leaf_count", offset: 0, problem: "\(count) leaves, expected 1 to \(Self.maximumLeaves)")
        }
        var leaves: [[UInt8]] = []
        leaves.reserveCapacity(count)
        for _ in 0..<count {
            let offset = r.offset
            let length = Int(try r.u16("uplink.leaf_length"))
            guard (1...Self.maximumLeafLength).contains(length) else {
                throw DecodeError(
                    field: "uplink.leaf_length", offset: offset,
                    problem: "\(length) bytes, expected 1 to \(Self.maximumLeafLength)")
            }
            leaves.append(try r.raw("uplink.leaf", count: length))
        }
        guard r.remaining == 0 else {
            throw DecodeError(field: "uplink", offset: r.offset, problem: "\(r.remaining) trailing bytes after the leaves")
        }
        return UplinkPayload(leaves: leaves)
    }
}

/// The payload of an uplink acknowledgement (message type 4): an RSU tells one vehicle which of its
/// leaves reached the RSU's mempool, by the first 8 bytes of each leaf's RFC 6962 leaf hash.
///
/// Layout (docs/wire-format.md), little-endian:
///
/// | size | field |
/// |---|---|
/// | 8 | the certificate digest (HashedId8) that signed the acknowledged uplink frame |
/// | 1 | hash count k (u8, 1 to `UplinkPayload.maximumLeaves`) |
/// | 8k | the first 8 bytes of each acknowledged leaf hash |
///
/// The envelope around it names the RSU by the HashedId8 of the RSU's public key (signer kind 0)
/// and is signed with that key; vehicles hold the permissioned RSU keys.
public struct UplinkAck: Sendable, Equatable {
    /// Who the acknowledgement is for: the pseudonym certificate of the uplink frame's signer.
    public let vehicle: CertificateDigest
    /// Acknowledged leaves: the first 8 bytes of each leaf hash, as a little-endian u64.
    public let leafHashes: [UInt64]

    /// - Precondition: 1 to `UplinkPayload.maximumLeaves` hashes.
    public init(vehicle: CertificateDigest, leafHashes: [UInt64]) {
        precondition(
            (1...UplinkPayload.maximumLeaves).contains(leafHashes.count), "an acknowledgement names 1 to 32 leaves")
        self.vehicle = vehicle
        self.leafHashes = leafHashes
    }

    /// The payload bytes.
    public func encoded() -> [UInt8] {
        var w = ByteWriter(capacity: 9 + 8 * self.leafHashes.count)
        w.raw(self.vehicle.bytes)
        w.u8(UInt8(self.leafHashes.count))
        for hash in self.leafHashes { w.raw((0..<8).map { UInt8(truncatingIfNeeded: hash >> (8 * UInt64($0))) }) }
        return w.bytes
    }

    /// Parses untrusted payload bytes.
    /// - Throws: `DecodeError` naming the field and offset of the first problem.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> UplinkAck {
        var r = ByteReader(bytes)
        let vehicle = CertificateDigest(bytes: try r.raw("uplink_ack.vehicle", count: 8))
        let countOffset = r.offset
        let count = Int(try r.u8("uplink_ack.count"))
        guard (1...UplinkPayload.maximumLeaves).contains(count) else {
            throw DecodeError(
                field: "uplink_ack.count", offset: countOffset,
                problem: "\(count) hashes, expected 1 to \(UplinkPayload.maximumLeaves)")
        }
        var hashes: [UInt64] = []
        hashes.reserveCapacity(count)
        for _ in 0..<count {
            let bytes = try r.raw("uplink_ack.leaf_hash", count: 8)
            hashes.append(bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        }
        guard r.remaining == 0 else {
            throw DecodeError(field: "uplink_ack", offset: r.offset, problem: "\(r.remaining) trailing bytes after the hashes")
        }
        return UplinkAck(vehicle: vehicle, leafHashes: hashes)
    }
}
