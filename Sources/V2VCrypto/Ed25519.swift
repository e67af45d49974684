/// An Ed25519 public key (RFC 8032): 32 bytes.
public struct VerifyingKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 32 key bytes.
    public let bytes: [UInt8]

    /// Wraps 32 bytes as a public key.
    /// - Throws: `CryptoError.invalidLength` unless `bytes` has 32 elements.
    public init(bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == SodiumEd25519.publicKeyBytes else {
            throw .invalidLength(what: "Ed25519 public key", expected: SodiumEd25519.publicKeyBytes, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// Whether `signature` signs `message` under this key, by libsodium's rules (canonical S,
    /// no small-order R or A, cofactorless equation). A bad signature is data, not an error.
    public func isValidSignature<Message: ContiguousBytes>(_ signature: Signature, for message: Message) -> Bool {
        SodiumEd25519.verify(signature.bytes, of: message, publicKey: self.bytes)
    }

    /// Like `isValidSignature(_:for:)` for raw signature bytes of any length; a wrong length is
    /// simply invalid.
    public func isValidSignature<Message: ContiguousBytes>(bytes signature: [UInt8], for message: Message) -> Bool {
        SodiumEd25519.verify(signature, of: message, publicKey: self.bytes)
    }

    /// `isValidSignature(bytes:for:)` without counting the libsodium call, and whether it would have
    /// been counted (a wrong length makes no call). For work done on a worker whose calls are
    /// counted later, in the order a serial run would have made them (`DeferredSignatureLookups`).
    package func checkSignatureUncounted<Message: ContiguousBytes>(
        bytes signature: [UInt8], for message: Message
    ) -> (valid: Bool, called: Bool) {
        let called = signature.count == SodiumEd25519.signatureBytes && self.bytes.count == SodiumEd25519.publicKeyBytes
        return (SodiumEd25519.verify(signature, of: message, publicKey: self.bytes, counting: false), called)
    }

    /// Lowercase hex.
    public var hex: String { Hex.encode(self.bytes) }
    public var description: String { self.hex }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(bytes: Hex.decode(text))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.hex)
    }
}

/// An Ed25519 signature: 64 bytes (R ‖ S).
public struct Signature: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The 64 signature bytes.
    public let bytes: [UInt8]

    /// The length of every Ed25519 signature.
    public static let byteCount = 64

    /// Wraps 64 bytes as a signature.
    /// - Throws: `CryptoError.invalidLength` unless `bytes` has 64 elements.
    public init(bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == Signature.byteCount else {
            throw .invalidLength(what: "Ed25519 signature", expected: Signature.byteCount, actual: bytes.count)
        }
        self.bytes = bytes
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public var hex: String { Hex.encode(self.bytes) }
    public var description: String { self.hex }
}

/// An Ed25519 secret key. The secret bytes live in a storage object that wipes them with
/// `sodium_memzero` when the last copy goes away; nothing prints or encodes them.
public struct SigningKey: Sendable {
    // Immutable after init, and wiped only in deinit when no other reference exists, so sharing
    // it across threads is safe.
    private final class Storage: @unchecked Sendable {
        var secret: [UInt8]
        init(secret: [UInt8]) { self.secret = secret }
        deinit { SodiumEd25519.wipe(&self.secret) }
    }

    private let storage: Storage

    /// The matching public key.
    public let verifyingKey: VerifyingKey

    /// The key pair derived from a 32-byte seed (`crypto_sign_seed_keypair`); the same seed always
    /// gives the same key, which keeps whole runs reproducible.
    /// - Throws: `CryptoError.invalidLength` unless `seed` has 32 bytes.
    public init(seed: [UInt8]) throws(CryptoError) {
        guard seed.count == SodiumEd25519.seedBytes else {
            throw .invalidLength(what: "Ed25519 seed", expected: SodiumEd25519.seedBytes, actual: seed.count)
        }
        let (pk, sk) = SodiumEd25519.keypair(seed: seed)
        self.storage = Storage(secret: sk)
        self.verifyingKey = try VerifyingKey(bytes: pk)
    }

    /// A fresh key pair from the system's entropy source. Not for simulation runs, which must derive
    /// their keys from the scenario seed.
    public static func random() -> SigningKey {
        var seed = SodiumEd25519.randomSeed()
        defer { SodiumEd25519.wipe(&seed) }
        // A 32-byte seed cannot fail the length check.
        return try! SigningKey(seed: seed)
    }

    /// The 32-byte seed the key pair was made from (libsodium's secret key is the seed, then the
    /// public key). Only checkpoints read it (SigningKey+Checkpoint.swift).
    var seedBytes: [UInt8] { Array(self.storage.secret[..<SodiumEd25519.seedBytes]) }

    /// The deterministic Ed25519 signature of `message` (RFC 8032 §5.1.6).
    public func signature<Message: ContiguousBytes>(for message: Message) -> Signature {
        Signature(unchecked: SodiumEd25519.sign(message, secretKey: self.storage.secret))
    }
}

extension SigningKey: CustomStringConvertible {
    /// Shows the public half only.
    public var description: String { "SigningKey(public: \(self.verifyingKey.hex))" }
}

extension SigningKey: CustomReflectable {
    /// Shows the public half only. Without this, `dump`, the debugger and test-failure output would
    /// reflect the stored properties and print the secret bytes.
    public var customMirror: Mirror {
        Mirror(self, children: ["verifyingKey": self.verifyingKey], displayStyle: .struct)
    }
}
