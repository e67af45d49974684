import Synchronization

/// Counts the real libsodium sign and verify calls this process has made, so that a run's summary
/// can say how much cryptography it actually did (memoised verifications are not calls).
public enum CryptoCallCounter {
    private static let signs = Atomic<Int>(0)
    private static let verifies = Atomic<Int>(0)

    /// Real `crypto_sign_detached` calls so far.
    public static var signCalls: Int { Self.signs.load(ordering: .relaxed) }

    /// Real `crypto_sign_verify_detached` calls so far.
    public static var verifyCalls: Int { Self.verifies.load(ordering: .relaxed) }

    static func countSign() { Self.signs.wrappingAdd(1, ordering: .relaxed) }
    package static func countVerify() { Self.verifies.wrappingAdd(1, ordering: .relaxed) }
}
