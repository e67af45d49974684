import SimKernel
import V2VCrypto

// Certificates are named by their 8-byte HashedId8 (IEEE 1609.2), which the Ledger holds as the
// `UInt64` whose little-endian bytes are those 8 bytes in wire order (V2X's `CertificateDigest.raw`);
// the ledger does not depend on the V2X target. All integers are little-endian.

/// A misbehaviour-report leaf (type 0x02), 89-byte body:
/// reporter (8) ‖ suspect (8) ‖ check (u8) ‖ time ns (i64) ‖ evidence (32) ‖ detector (32).
/// Chains written before reports named their detector hold 57-byte bodies (no detector); they
/// still parse, with `detector` nil, and encode back to the same 57 bytes.
public struct ReportLeaf: Hashable, Sendable, Codable {
    /// Certificate of the reporting station.
    public var reporter: UInt64
    /// The accused certificate.
    public var suspect: UInt64
    /// Which plausibility check fired (the index V2X's `MisbehaviourReport.Check` documents).
    public var check: UInt8
    /// When the check fired.
    public var time: SimTime
    /// SHA-256 of the offending signed envelope.
    public var evidence: Digest
    /// The detector that decided: SHA-256 of the learned detector's model file, or V2X's fixed
    /// rule-based identifier (docs/ledger.md); nil in a legacy 57-byte leaf.
    public var detector: Digest?

    public init(reporter: UInt64, suspect: UInt64, check: UInt8, time: SimTime, evidence: Digest, detector: Digest? = nil) {
        self.reporter = reporter
        self.suspect = suspect
        self.check = check
        self.time = time
        self.evidence = evidence
        self.detector = detector
    }

    static let bodyCount = 89
    static let legacyBodyCount = 57
}

/// A revocation leaf (type 0x03), body 18 + 8·k bytes:
/// certificate (8) ‖ basis height (u64) ‖ k (u16) ‖ k reporters (8 each, ascending).
///
/// `basisHeight` is the final block whose report leaves brought the distinct reporters against
/// `certificate` to the threshold; `reporters` are the first `k` = threshold distinct reporters in
/// chain order, sorted, so any auditor can re-derive the revocation from the chain.
public struct RevocationLeaf: Hashable, Sendable, Codable {
    /// The revoked certificate.
    public var certificate: UInt64
    /// Height of the block that completed the evidence.
    public var basisHeight: UInt64
    /// The distinct reporters the decision rests on, ascending.
    public var reporters: [UInt64]

    public init(certificate: UInt64, basisHeight: UInt64, reporters: [UInt64]) {
        precondition(reporters.count <= Int(UInt16.max), "at most 65535 reporters in one revocation")
        self.certificate = certificate
        self.basisHeight = basisHeight
        self.reporters = reporters.sorted()
    }
}

/// A registration leaf (type 0x04), 48-byte body:
/// certificate (8) ‖ model digest (32) ‖ time ns (i64).
///
/// Binds a vehicle's pseudonym certificate to the SHA-256 of the driving-policy model it runs, so an
/// investigator can prove which model version drove the vehicle that signed with that pseudonym.
public struct RegistrationLeaf: Hashable, Sendable, Codable {
    /// The pseudonym certificate.
    public var certificate: UInt64
    /// SHA-256 of the driving-policy model (see `docs/ledger.md` for how each policy is digested).
    public var model: Digest
    /// When the vehicle took the pseudonym.
    public var time: SimTime

    public init(certificate: UInt64, model: Digest, time: SimTime) {
        self.certificate = certificate
        self.model = model
        self.time = time
    }

    static let bodyCount = 48
}

/// A detector-registration leaf (type 0x05), 48-byte body, laid out as a registration leaf:
/// certificate (8) ‖ detector digest (32) ‖ time ns (i64).
///
/// Binds a vehicle's pseudonym certificate to the SHA-256 of the learned misbehaviour detector's model
/// file it runs (`detection.model`), so that a report naming that digest can be traced to a model
/// version that was declared on the chain. Runs with the rule-based detector write none.
public struct DetectorRegistrationLeaf: Hashable, Sendable, Codable {
    /// The pseudonym certificate.
    public var certificate: UInt64
    /// SHA-256 of the detector model file.
    public var detector: Digest
    /// When the vehicle took the pseudonym.
    public var time: SimTime

    public init(certificate: UInt64, detector: Digest, time: SimTime) {
        self.certificate = certificate
        self.detector = detector
        self.time = time
    }

    static let bodyCount = 48
}

/// A leaf's content, parsed.
public enum LeafContent: Hashable, Sendable, Codable {
    case message(Digest)
    case misbehaviourReport(ReportLeaf)
    case revocation(RevocationLeaf)
    case registration(RegistrationLeaf)
    case detectorRegistration(DetectorRegistrationLeaf)
}

extension LedgerLeaf {
    /// The leaf of a misbehaviour report.
    public static func report(_ r: ReportLeaf) -> LedgerLeaf {
        var w = ByteWriter(capacity: ReportLeaf.bodyCount)
        w.append(littleEndian: r.reporter)
        w.append(littleEndian: r.suspect)
        w.append(littleEndian: r.check)
        w.append(littleEndian: r.time.nanoseconds)
        w.append(r.evidence.bytes)
        if let detector = r.detector { w.append(detector.bytes) }
        return LedgerLeaf(kind: .misbehaviourReport, body: w.bytes)
    }

    /// The leaf of a revocation.
    public static func revocation(_ r: RevocationLeaf) -> LedgerLeaf {
        var w = ByteWriter(capacity: 18 + 8 * r.reporters.count)
        w.append(littleEndian: r.certificate)
        w.append(littleEndian: r.basisHeight)
        w.append(littleEndian: UInt16(r.reporters.count))
        for reporter in r.reporters { w.append(littleEndian: reporter) }
        return LedgerLeaf(kind: .revocation, body: w.bytes)
    }

    /// The leaf of a registration.
    public static func registration(_ r: RegistrationLeaf) -> LedgerLeaf {
        var w = ByteWriter(capacity: RegistrationLeaf.bodyCount)
        w.append(littleEndian: r.certificate)
        w.append(r.model.bytes)
        w.append(littleEndian: r.time.nanoseconds)
        return LedgerLeaf(kind: .registration, body: w.bytes)
    }

    /// The leaf of a detector registration.
    public static func detectorRegistration(_ r: DetectorRegistrationLeaf) -> LedgerLeaf {
        var w = ByteWriter(capacity: DetectorRegistrationLeaf.bodyCount)
        w.append(littleEndian: r.certificate)
        w.append(r.detector.bytes)
        w.append(littleEndian: r.time.nanoseconds)
        return LedgerLeaf(kind: .detectorRegistration, body: w.bytes)
    }

    /// Parses the body according to the kind.
    /// - Throws: `LeafDecodingError` when the body does not have the kind's layout.
    public func content() throws(LeafDecodingError) -> LeafContent {
        let b = self.body
        func need(_ count: Int) throws(LeafDecodingError) {
            guard b.count == count else {
                throw LeafDecodingError("\(self.kind) leaf body is \(b.count) bytes, expected \(count)")
            }
        }
        var r = ByteReader(b)
        switch self.kind {
        case .message:
            try need(32)
            return .message(try! Digest(bytes: b))
        case .misbehaviourReport:
            if b.count != ReportLeaf.legacyBodyCount { try need(ReportLeaf.bodyCount) }
            let reporter = r.read(littleEndian: UInt64.self)
            let suspect = r.read(littleEndian: UInt64.self)
            let check = r.read(littleEndian: UInt8.self)
            let time = SimTime(nanoseconds: Int64(bitPattern: r.read(littleEndian: UInt64.self)))
            let evidence = try! Digest(bytes: r.read(count: 32))
            let detector = b.count == ReportLeaf.bodyCount ? try! Digest(bytes: r.read(count: 32)) : nil
            return .misbehaviourReport(ReportLeaf(
                reporter: reporter, suspect: suspect, check: check, time: time, evidence: evidence, detector: detector))
        case .revocation:
            guard b.count >= 18 else { throw LeafDecodingError("revocation leaf body is \(b.count) bytes, at least 18 expected") }
            let certificate = r.read(littleEndian: UInt64.self)
            let basis = r.read(littleEndian: UInt64.self)
            let k = Int(r.read(littleEndian: UInt16.self))
            try need(18 + 8 * k)
            let reporters = (0..<k).map { _ in r.read(littleEndian: UInt64.self) }
            guard reporters == reporters.sorted() else {
                throw LeafDecodingError("revocation leaf reporters are not in ascending order")
            }
            return .revocation(RevocationLeaf(certificate: certificate, basisHeight: basis, reporters: reporters))
        case .registration:
            try need(RegistrationLeaf.bodyCount)
            let certificate = r.read(littleEndian: UInt64.self)
            let model = try! Digest(bytes: r.read(count: 32))
            let time = SimTime(nanoseconds: Int64(bitPattern: r.read(littleEndian: UInt64.self)))
            return .registration(RegistrationLeaf(certificate: certificate, model: model, time: time))
        case .detectorRegistration:
            try need(DetectorRegistrationLeaf.bodyCount)
            let certificate = r.read(littleEndian: UInt64.self)
            let detector = try! Digest(bytes: r.read(count: 32))
            let time = SimTime(nanoseconds: Int64(bitPattern: r.read(littleEndian: UInt64.self)))
            return .detectorRegistration(DetectorRegistrationLeaf(certificate: certificate, detector: detector, time: time))
        }
    }
}
