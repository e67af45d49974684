import V2VCrypto

/// Answers "is this Ed25519 signature valid over these bytes under this key?" for a verifier.
///
/// ``SignatureMemo`` answers for the thread that owns it; ``DeferredSignatureLookups`` answers on a
/// worker from a memo that nobody changes meanwhile and keeps its lookups for the owner to replay.
public protocol SignatureChecking: AnyObject {
    /// Whether `signature` is valid over `message` under `key`, by libsodium's rules.
    func isValid(signature: ArraySlice<UInt8>, message: ArraySlice<UInt8>, key: VerifyingKey) -> Bool
}
