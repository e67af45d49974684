import SimKernel
import V2VCrypto

/// Message types carried in an envelope.
public enum MessageType: UInt8, Sendable, CaseIterable, CustomStringConvertible, Codable {
    /// CAM-like sensor broadcast (`SensorBroadcast`).
    case cam = 1
    /// DENM-like hazard warning (`HazardWarning`).
    case denm = 2
    /// A vehicle's ledger leaves (registrations, misbehaviour reports) for the RSUs (`UplinkPayload`).
    case uplink = 3
    /// An RSU's acknowledgement of uplink leaves, signed with the RSU's key (`UplinkAck`).
    case uplinkAck = 4

    public var description: String {
        switch self {
        case .cam: "cam"
        case .denm: "denm"
        case .uplink: "uplink"
        case .uplinkAck: "uplink_ack"
        }
    }
}

/// Who signed an envelope: the certificate's 8-byte digest, or the whole certificate.
public enum SignerIdentifier: Hashable, Sendable, Codable {
    case digest(CertificateDigest)
    case certificate(Certificate)

    /// The digest either way.
    public var digest: CertificateDigest {
        switch self {
        case let .digest(d): return d
        case let .certificate(c): return c.digest
        }
    }
}

/// A signed V2X message, version 3 of v2vsim's wire format (docs/wire-format.md).
///
/// Layout, little-endian:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 2 | magic "V2" (0x56 0x32) |
/// | 2 | 1 | format version (3) |
/// | 3 | 1 | message type (1 CAM, 2 DENM, 3 uplink, 4 uplink acknowledgement) |
/// | 4 | 8 | generation time, ns of simulated time (i64) |
/// | 12 | 1 | signer kind (0 = digest, 1 = certificate) |
/// | 13 | 8 or 126 | signer: certificate digest, or the certificate |
/// | … | 1 | requested certificates k (u8, at most `maximumRequests`) |
/// | … | 3k | HashedId3 of each certificate the sender asks for (1609.2 `inlineP2pcdRequest`) |
/// | … | 1 | requested certificates c (u8, 0 or 1: `maximumRequestedCertificates`) |
/// | … | 126c | a certificate another station asked for (1609.2 `requestedCertificate`) |
/// | … | 2 | payload length n (u16) |
/// | … | n | payload |
/// | end−64 | 64 | Ed25519 signature over every byte before it |
///
/// The magic and version lead the signed bytes, so a signature over an envelope cannot be passed
/// off as a signature over any other v2vsim structure (certificates, votes and blocks start differently).
public struct SignedEnvelope: Sendable, Codable {
    public static let magic: [UInt8] = [0x56, 0x32]
    /// Version 2 added the certificate request list (peer-to-peer certificate distribution);
    /// version 3 the requested certificate, with which any station may answer a request.
    public static let version: UInt8 = 3
    /// The largest envelope a receiver will look at; anything longer is a decode error.
    public static let maximumLength = 4096
    /// The most certificate requests one envelope may carry; a larger count is a decode error.
    /// vanetza's `PeerRequestTracker` keeps at most 16 pending requests, so a list can never need more.
    public static let maximumRequests = 16
    /// The most requested certificates one envelope may carry (1609.2 `requestedCertificate` is
    /// one certificate); a larger count is a decode error.
    public static let maximumRequestedCertificates = 1

    public let type: MessageType
    public let generationTime: SimTime
    public let signer: SignerIdentifier
    /// Certificates the sender asks its neighbours for (their HashedId3), in the order it asks.
    public let requests: [HashedId3]
    /// A certificate of another station that the sender hands out because a neighbour asked for it.
    public let requestedCertificate: Certificate?
    public let payload: [UInt8]
    /// The exact bytes, signature included.
    public let bytes: [UInt8]

    /// The signature (last 64 bytes).
    public var signatureBytes: ArraySlice<UInt8> { self.bytes[(self.bytes.count - 64)...] }
    /// Everything the signature covers.
    public var signedBytes: ArraySlice<UInt8> { self.bytes[..<(self.bytes.count - 64)] }

    /// Builds and signs an envelope with `key`, whose public half must be the signer certificate's subject.
    ///
    /// - Parameters:
    ///   - requests: certificates to ask for (peer-to-peer distribution), at most `maximumRequests`.
    ///   - requestedCertificate: another station's certificate that a neighbour asked for.
    public static func sign(
        type: MessageType, generationTime: SimTime, signer: SignerIdentifier, requests: [HashedId3] = [],
        requestedCertificate: Certificate? = nil, payload: [UInt8], key: SigningKey
    ) -> SignedEnvelope {
        precondition(payload.count <= Int(UInt16.max), "payload too long for the u16 length field")
        precondition(requests.count <= SignedEnvelope.maximumRequests, "more certificate requests than an envelope carries")
        var w = ByteWriter(capacity: 64 + payload.count + 200)
        w.raw(SignedEnvelope.magic)
        w.u8(SignedEnvelope.version)
        w.u8(type.rawValue)
        w.i64(generationTime.nanoseconds)
        switch signer {
        case let .digest(d):
            w.u8(0)
            w.raw(d.bytes)
        case let .certificate(c):
            w.u8(1)
            w.raw(c.encoded)
        }
        w.u8(UInt8(requests.count))
        for request in requests { w.raw(request.bytes) }
        if let requestedCertificate {
            w.u8(1)
            w.raw(requestedCertificate.encoded)
        } else {
            w.u8(0)
        }
        w.u16(UInt16(payload.count))
        w.raw(payload)
        let signature = key.signature(for: w.bytes)
        w.raw(signature.bytes)
        return SignedEnvelope(
            type: type, generationTime: generationTime, signer: signer, requests: requests,
            requestedCertificate: requestedCertificate, payload: payload, bytes: w.bytes)
    }

    private init(
        type: MessageType, generationTime: SimTime, signer: SignerIdentifier, requests: [HashedId3],
        requestedCertificate: Certificate?, payload: [UInt8], bytes: [UInt8]
    ) {
        self.type = type
        self.generationTime = generationTime
        self.signer = signer
        self.requests = requests
        self.requestedCertificate = requestedCertificate
        self.payload = payload
        self.bytes = bytes
    }

    /// Parses untrusted bytes. Checks structure only; the verifier checks signer and signature.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> SignedEnvelope {
        guard bytes.count <= SignedEnvelope.maximumLength else {
            throw DecodeError(field: "envelope", offset: 0, problem: "\(bytes.count) bytes exceeds \(SignedEnvelope.maximumLength)")
        }
        var r = ByteReader(bytes)
        guard try r.raw("envelope.magic", count: 2) == SignedEnvelope.magic else {
            throw DecodeError(field: "envelope.magic", offset: 0, problem: "not a v2vsim envelope")
        }
        let version = try r.u8("envelope.version")
        guard version == SignedEnvelope.version else {
            throw DecodeError(field: "envelope.version", offset: 2, problem: "unsupported version \(version)")
        }
        let rawType = try r.u8("envelope.type")
        guard let type = MessageType(rawValue: rawType) else {
            throw DecodeError(field: "envelope.type", offset: 3, problem: "unknown message type \(rawType)")
        }
        let generation = SimTime(nanoseconds: try r.i64("envelope.generation_time"))
        let kindOffset = r.offset
        let signer: SignerIdentifier
        switch try r.u8("envelope.signer_kind") {
        case 0: signer = .digest(CertificateDigest(bytes: try r.raw("envelope.signer_digest", count: 8)))
        case 1: signer = .certificate(try Certificate.decode(&r))
        case let other:
            throw DecodeError(field: "envelope.signer_kind", offset: kindOffset, problem: "unknown signer kind \(other)")
        }
        let countOffset = r.offset
        let requestCount = Int(try r.u8("envelope.request_count"))
        // Checked before reading the list, so a hostile count never makes a receiver allocate or loop more.
        guard requestCount <= SignedEnvelope.maximumRequests else {
            throw DecodeError(
                field: "envelope.request_count", offset: countOffset,
                problem: "\(requestCount) requests exceeds \(SignedEnvelope.maximumRequests)")
        }
        var requests: [HashedId3] = []
        requests.reserveCapacity(requestCount)
        for _ in 0..<requestCount { requests.append(HashedId3(bytes: try r.raw("envelope.request", count: 3))) }
        let answerOffset = r.offset
        let answerCount = Int(try r.u8("envelope.requested_certificate_count"))
        guard answerCount <= SignedEnvelope.maximumRequestedCertificates else {
            throw DecodeError(
                field: "envelope.requested_certificate_count", offset: answerOffset,
                problem: "\(answerCount) requested certificates exceeds \(SignedEnvelope.maximumRequestedCertificates)")
        }
        let requestedCertificate = answerCount == 1 ? try Certificate.decode(&r) : nil
        let length = Int(try r.u16("envelope.payload_length"))
        let payload = try r.raw("envelope.payload", count: length)
        _ = try r.raw("envelope.signature", count: 64)
        guard r.remaining == 0 else {
            throw DecodeError(field: "envelope", offset: r.offset, problem: "\(r.remaining) trailing bytes after the signature")
        }
        return SignedEnvelope(
            type: type, generationTime: generation, signer: signer, requests: requests,
            requestedCertificate: requestedCertificate, payload: payload, bytes: bytes)
    }
}
