import Foundation
import V2VCrypto
import V2X

extension Simulation {
    /// The default thread count: one per core the process may use.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Uses `count` threads for the run (1: everything on the calling thread). With more, `count - 1`
    /// workers check signatures ahead of need, and a frame's receivers are decided in chunks on
    /// `count` threads (`decideInParallel`). Call it before ``run(recorder:progress:)``.
    ///
    /// Results do not depend on it: each frame's checks are submitted when it goes on air, in event
    /// order; receivers read verdicts from the memo, whose bookkeeping is replayed in event order;
    /// every effect of a reception is applied by the calling thread in the serial order. Traces,
    /// event digests and the number of real libsodium calls are identical for any `count`.
    /// - Precondition: `count >= 1`.
    public func useThreads(_ count: Int) {
        precondition(count >= 1, "threads must be at least 1")
        self.memo.use(pool: count > 1 ? VerificationPool(workers: count - 1) : nil)
        self.receptionThreads = count
    }

    /// Starts the signature checks that receivers of `frame` will make (nothing if the scenario does
    /// not verify). The bytes are decoded exactly as receivers decode them; undecodable frames need no check.
    func prefetchVerification(of frame: OutgoingFrame) {
        guard self.scenario.security.verify != .none,
            let envelope = try? SignedEnvelope.decode(frame.envelope.bytes)
        else { return }
        self.memo.prefetchChecks(of: envelope, trustedCA: self.ca.verifyingKey, digestSignerKey: frame.publicKey)
    }
}
