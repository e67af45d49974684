import Dispatch
import Foundation
import Synchronization

/// One Ed25519 check handed to a ``VerificationPool``: the exact (public key, signed bytes,
/// signature) and, once someone has computed it, libsodium's verdict.
///
/// Exactly one thread computes the verdict: a worker, or the owner when it needs the answer before
/// any worker has started (it claims the job itself instead of waiting). The verdict depends only on
/// the bytes, so who computes it, and when, cannot change it.
public final class VerificationJob: Sendable {
    /// States of `state`.
    private static let queued: UInt8 = 0
    private static let claimed: UInt8 = 1
    private static let done: UInt8 = 2

    let key: VerifyingKey
    let signature: ArraySlice<UInt8>
    let message: ArraySlice<UInt8>
    private let state = Atomic<UInt8>(VerificationJob.queued)
    private let verdictStorage = Atomic<Bool>(false)
    /// Signalled once when the verdict is stored; a waiter re-signals it, so any number may wait.
    private let finished = DispatchSemaphore(value: 0)

    init(key: VerifyingKey, signature: ArraySlice<UInt8>, message: ArraySlice<UInt8>) {
        self.key = key
        self.signature = signature
        self.message = message
    }

    /// Computes the verdict if nobody has claimed the job yet; returns whether this call did.
    @discardableResult
    func runIfUnclaimed() -> Bool {
        guard self.state.compareExchange(expected: Self.queued, desired: Self.claimed, ordering: .acquiring).exchanged
        else { return false }
        let verdict = self.key.isValidSignature(bytes: Array(self.signature), for: self.message)
        self.verdictStorage.store(verdict, ordering: .relaxed)
        // Releasing: whoever sees `done` also sees the verdict stored above.
        self.state.store(Self.done, ordering: .releasing)
        self.finished.signal()
        return true
    }

    /// The verdict: computed here if no worker has started it, else waited for (blocking, no spin).
    func verdict() -> Bool {
        if self.state.load(ordering: .acquiring) != Self.done && !self.runIfUnclaimed() {
            // A worker is computing it right now.
            self.finished.wait()
            self.finished.signal()
        }
        precondition(self.state.load(ordering: .acquiring) == Self.done)
        return self.verdictStorage.load(ordering: .relaxed)
    }
}

/// A small fixed pool of threads that run Ed25519 verifications ahead of need.
///
/// The owner (one thread) submits jobs in its own deterministic order and later asks each job for
/// its verdict; the pool never decides *what* is verified, only *when*, so the set of real libsodium
/// calls is the same for any pool size. Jobs run first in, first out. Dropping the pool lets its
/// threads finish the job in hand and exit; queued jobs that nobody ran are computed by whoever asks
/// for their verdict.
public final class VerificationPool: Sendable {
    /// The queue and the stop flag, shared with the worker threads (which do not hold the pool, so
    /// that dropping the pool stops them).
    private final class Shared: Sendable {
        struct State {
            var jobs: [VerificationJob] = []
            var head = 0
            var stopping = false
        }

        let state = Mutex(State())
        /// One signal per submitted job, plus one per worker at shutdown.
        let available = DispatchSemaphore(value: 0)
        /// Jobs submitted and not yet finished by a worker or by the owner.
        let unfinished = Atomic<Int>(0)
        /// Signalled whenever a worker brings `unfinished` to zero; `drain` waits on it.
        let idle = DispatchSemaphore(value: 0)

        /// The next queued job, nil once stopping.
        func take() -> VerificationJob? {
            self.state.withLock { s -> VerificationJob? in
                if s.stopping || s.head == s.jobs.count { return nil }
                let job = s.jobs[s.head]
                s.head += 1
                // Compact once the taken prefix dominates, so the array stays as small as the backlog.
                if s.head > 256 && s.head * 2 > s.jobs.count {
                    s.jobs.removeFirst(s.head)
                    s.head = 0
                }
                return job
            }
        }

        func finishedOne() {
            if self.unfinished.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { self.idle.signal() }
        }
    }

    private let shared = Shared()
    /// The number of worker threads.
    public let workers: Int

    /// Starts `workers` threads (at least one).
    public init(workers: Int) {
        precondition(workers >= 1, "a pool needs at least one worker")
        self.workers = workers
        for index in 0..<workers {
            let shared = self.shared
            let thread = Thread {
                while true {
                    shared.available.wait()
                    if shared.state.withLock({ $0.stopping }) { return }
                    // The owner may have taken the job itself (`drain`); then there is nothing to do.
                    guard let job = shared.take() else { continue }
                    // The owner may have claimed it meanwhile; then it also counted it finished.
                    if job.runIfUnclaimed() { shared.finishedOne() }
                }
            }
            thread.name = "v2vsim-verify-\(index)"
            thread.start()
        }
    }

    deinit {
        self.shared.state.withLock { $0.stopping = true }
        for _ in 0..<self.workers { self.shared.available.signal() }
    }

    /// Queues a check of `signature` over `message` under `key` and returns its job.
    public func submit(key: VerifyingKey, signature: ArraySlice<UInt8>, message: ArraySlice<UInt8>) -> VerificationJob {
        let job = VerificationJob(key: key, signature: signature, message: message)
        self.shared.unfinished.add(1, ordering: .acquiringAndReleasing)
        self.shared.state.withLock { $0.jobs.append(job) }
        self.shared.available.signal()
        return job
    }

    /// The verdict of `job`, computing it on the calling thread if no worker has started it.
    public func verdict(of job: VerificationJob) -> Bool {
        if job.runIfUnclaimed() { self.shared.finishedOne() }
        return job.verdict()
    }

    /// Returns once every submitted job has been computed: the calling thread runs the queued ones
    /// itself and waits for those in a worker's hands. After it, the process-wide call counter
    /// includes every job submitted so far.
    public func drain() {
        while let job = self.shared.take() {
            if job.runIfUnclaimed() { self.shared.finishedOne() }
        }
        // Stale signals from earlier idle moments only cost a re-check of the count.
        while self.shared.unfinished.load(ordering: .acquiring) > 0 { self.shared.idle.wait() }
    }
}
