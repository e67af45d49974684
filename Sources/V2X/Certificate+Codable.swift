/// Certificates encode as their 126 wire bytes (every other field derives from them), or, into a
/// checkpoint, as their 8-byte digest into the checkpoint's ``CertificateTable``: one certificate
/// is held by its owner, by the cache of every station that heard it and by frames in flight, and a
/// checkpoint stores its bytes once.
extension Certificate: Codable {
    public init(from decoder: any Decoder) throws {
        if let table = decoder.userInfo[CertificateTable.userInfoKey] as? CertificateTable {
            let digest = try CertificateDigest(from: decoder)
            guard let certificate = table.certificate(named: digest) else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "certificate \(digest) is not in the certificate table"))
            }
            self = certificate
            return
        }
        let bytes = try [UInt8](from: decoder)
        self = try Self.decodeStored(bytes, codingPath: decoder.codingPath)
    }

    public func encode(to encoder: any Encoder) throws {
        if let table = encoder.userInfo[CertificateTable.userInfoKey] as? CertificateTable {
            try table.insert(self, codingPath: encoder.codingPath)
            try self.digest.encode(to: encoder)
        } else {
            try self.encoded.encode(to: encoder)
        }
    }

    /// A certificate from its stored wire bytes, which must be exactly one certificate.
    static func decodeStored(_ bytes: [UInt8], codingPath: [any CodingKey]) throws -> Certificate {
        var reader = ByteReader(bytes)
        do {
            let certificate = try Certificate.decode(&reader)
            guard reader.offset == bytes.count else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: codingPath,
                    debugDescription: "certificate of \(bytes.count) bytes, expected \(Certificate.encodedLength)"))
            }
            return certificate
        } catch let error as DecodeError {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "certificate: \(error)"))
        }
    }
}

/// The certificates of one checkpoint, each stored once and named by digest everywhere else.
///
/// The encoder collects them while it writes the state and stores the table, sorted by digest,
/// in front of it; the decoder reads the table first and resolves digests from it. A class: every
/// container of one encoding shares it.
public final class CertificateTable {
    /// Put a table under this key in an encoder's or decoder's `userInfo` to use it.
    public static let userInfoKey = CodingUserInfoKey(rawValue: "v2vsim.checkpoint.certificateTable")!

    private var byDigest: [CertificateDigest: Certificate] = [:]

    public init() {}

    /// Number of distinct certificates.
    public var count: Int { self.byDigest.count }

    /// The certificates, sorted by digest (the canonical order a checkpoint stores them in).
    public var sorted: [Certificate] { self.byDigest.keys.sorted().map { self.byDigest[$0]! } }

    /// Adds `certificate`; two different certificates with one digest (an 8-byte hash collision)
    /// cannot share a table and fail the encoding rather than alias.
    public func insert(_ certificate: Certificate, codingPath: [any CodingKey] = []) throws {
        if let held = self.byDigest[certificate.digest] {
            guard held.encoded == certificate.encoded else {
                throw EncodingError.invalidValue(certificate, .init(
                    codingPath: codingPath, debugDescription: "two certificates share digest \(certificate.digest)"))
            }
            return
        }
        self.byDigest[certificate.digest] = certificate
    }

    public func certificate(named digest: CertificateDigest) -> Certificate? { self.byDigest[digest] }

    /// The table as stored: a 4-byte count, then each certificate's wire bytes in digest order.
    public func encoded() -> [UInt8] {
        let certificates = self.sorted
        var w = ByteWriter(capacity: 4 + certificates.count * Certificate.encodedLength)
        w.u32(UInt32(certificates.count))
        for certificate in certificates { w.raw(certificate.encoded) }
        return w.bytes
    }

    /// Reads a table written by ``encoded()`` from the front of `bytes`.
    ///
    /// - Returns: the table and the offset of the first byte after it.
    /// - Throws: ``DecodeError`` for a truncated table, a malformed certificate, or certificates out
    ///   of digest order or repeated (which ``encoded()`` never writes).
    public static func decode(from bytes: [UInt8]) throws(DecodeError) -> (table: CertificateTable, end: Int) {
        var reader = ByteReader(bytes)
        let count = Int(try reader.u32("certificate_table.count"))
        guard count <= reader.remaining / Certificate.encodedLength else {
            let left = reader.remaining
            throw DecodeError(
                field: "certificate_table.count", offset: 0,
                problem: "\(count) certificates do not fit in the \(left) bytes left (truncated or corrupt)")
        }
        let table = CertificateTable()
        var previous: CertificateDigest?
        for _ in 0..<count {
            let start = reader.offset
            let certificate = try Certificate.decode(&reader)
            if let previous, !(previous < certificate.digest) {
                throw DecodeError(
                    field: "certificate_table", offset: start, problem: "certificates out of digest order or repeated")
            }
            previous = certificate.digest
            table.byDigest[certificate.digest] = certificate
        }
        return (table, reader.offset)
    }
}
