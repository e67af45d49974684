import Dispatch
import SimKernel

extension RadioMedium {
    /// The frame `id` ends at `now`: decides it at every listener that might hear it.
    ///
    /// Physical models: the candidates are the stations (other than the sender) and fixed
    /// receivers within `budget.candidateRange`, where mean power · `NakagamiFading.cutoff` reaches
    /// the sensitivity; nobody farther can decode under the truncated fading model, so they are not
    /// examined and get no reception. Each candidate's outcome depends only on the frame, the
    /// listener and the frames on air near it (see `ReceptionDecider`), so with `threads` > 1 a
    /// frame with many candidates is decided in chunks on that many threads; the receptions are the
    /// same for any thread count.
    ///
    /// - Returns: one reception per candidate, stations first, each kind by ascending index.
    ///   Empty for an unknown id.
    public mutating func endFrame(id: UInt64, now: SimTime, threads: Int = 1) -> [Reception] {
        guard let frame = self.inFlight.removeValue(forKey: id) else { return [] }
        var out = self.receptionBuffer
        self.receptionBuffer = []
        out.removeAll(keepingCapacity: true)
        self.work.framesEnded += 1
        if self.config.isPhysical {
            self.decidePhysical(frame, now: now, threads: threads, into: &out)
        } else {
            self.stationGrid.forEach(within: self.config.range, ofX: frame.x, y: frame.y) { entry, distance in
                if entry.index != frame.sender {
                    out.append(Reception(listener: .station(entry.index), distance: distance, outcome: .received))
                }
            }
            self.fixedGrid.forEach(within: self.fixedRange, ofX: frame.x, y: frame.y) { entry, distance in
                if frame.sender != Self.fixedSender(entry.index) {
                    out.append(Reception(listener: .fixed(entry.index), distance: distance, outcome: .received))
                }
            }
            self.work.candidates += out.count
        }
        out.sort { $0.listener.sortKey < $1.listener.sortKey }
        self.receptionBuffer = out
        return out
    }

    /// Below this many candidates a frame is decided on the calling thread: handing chunks to
    /// other threads costs about as much as deciding a few dozen candidates.
    public static let parallelCandidateMinimum = 64

    private mutating func decidePhysical(_ frame: AirFrame, now: SimTime, threads: Int, into out: inout [Reception]) {
        // The interferer short list: frames on air during this one, sent within interference range
        // of some candidate (so within interference + candidate range of the sender).
        var interferers = self.interferers
        self.interferers = []
        interferers.removeAll(keepingCapacity: true)
        let horizon = now - self.longestAirtime - .milliseconds(1)
        self.onAir.gather(
            aroundX: frame.x, y: frame.y, radius: self.budget.interferenceRange + self.budget.candidateRange,
            start: frame.start, end: frame.end, excluding: frame.id, horizon: horizon, into: &interferers)
        let decider = ReceptionDecider(
            budget: self.budget, frame: frame, interferers: interferers, fading: self.fadingDraws)
        // First the candidates (who, where, whether deaf), then their outcomes: the decisions are
        // independent of each other, so they may be taken in chunks.
        var candidates: [ReceptionCandidate] = []
        candidates.reserveCapacity(out.capacity)
        let range = self.budget.candidateRange
        let ownFrames = self.ownFrames
        self.stationGrid.forEach(within: range, ofX: frame.x, y: frame.y) { entry, distance in
            guard entry.index != frame.sender else { return }
            let deaf = ownFrames[entry.index].contains { $0.overlaps(start: frame.start, end: frame.end) }
            candidates.append(ReceptionCandidate(
                listener: .station(entry.index), x: entry.x, y: entry.y, distance: distance, deaf: deaf))
        }
        let fixedOwnFrames = self.fixedOwnFrames
        self.fixedGrid.forEach(within: range, ofX: frame.x, y: frame.y) { entry, distance in
            guard frame.sender != Self.fixedSender(entry.index) else { return }
            let deaf = fixedOwnFrames[entry.index].contains { $0.overlaps(start: frame.start, end: frame.end) }
            candidates.append(ReceptionCandidate(
                listener: .fixed(entry.index), x: entry.x, y: entry.y, distance: distance, deaf: deaf))
        }
        var outcomes = [RadioOutcome](repeating: .belowSensitivity, count: candidates.count)
        // One chunk on this thread, or more chunks than threads so that the calling thread takes a
        // late worker's share; the same job either way.
        let parallel = threads > 1 && candidates.count >= Self.parallelCandidateMinimum
        let chunks = parallel ? threads * 4 : 1
        var chunkWork = [RadioWork](repeating: RadioWork(), count: chunks)
        outcomes.withUnsafeMutableBufferPointer { outcomes in
            chunkWork.withUnsafeMutableBufferPointer { chunkWork in
                let job = ReceptionChunkJob(
                    decider: decider, candidates: candidates, chunks: chunks, outcomes: outcomes, work: chunkWork)
                if parallel {
                    DispatchQueue.concurrentPerform(iterations: chunks) { job.decide(chunk: $0) }
                } else {
                    job.decide(chunk: 0)
                }
            }
        }
        // Counts only: their sum does not depend on how the candidates were split.
        var work = RadioWork()
        for part in chunkWork { work.add(part) }
        for (i, c) in candidates.enumerated() {
            out.append(Reception(listener: c.listener, distance: c.distance, outcome: outcomes[i]))
        }
        work.framesGathered = interferers.count
        self.work.add(work)
        self.interferers = interferers
    }
}

/// A listener within candidate range of a frame that ends, as `decidePhysical` found it.
struct ReceptionCandidate: Sendable {
    let listener: Listener
    let x: Double
    let y: Double
    let distance: Double
    /// Transmitting itself during the frame (half duplex).
    let deaf: Bool
}

/// One frame's candidates split into chunks for `DispatchQueue.concurrentPerform`.
///
/// `@unchecked Sendable` because it hands buffer pointers to other threads, which is sound here:
/// each chunk writes only its own slots of `outcomes` and its own `work` entry, and the decider and
/// candidates are immutable values, until `concurrentPerform` has returned on the calling thread.
private struct ReceptionChunkJob: @unchecked Sendable {
    let decider: ReceptionDecider
    let candidates: [ReceptionCandidate]
    let chunks: Int
    let outcomes: UnsafeMutableBufferPointer<RadioOutcome>
    let work: UnsafeMutableBufferPointer<RadioWork>

    func decide(chunk: Int) {
        let range = (self.candidates.count * chunk / self.chunks)..<(self.candidates.count * (chunk + 1) / self.chunks)
        var work = RadioWork()
        for i in range {
            let c = self.candidates[i]
            self.outcomes[i] = self.decider.decide(
                listener: c.listener, x: c.x, y: c.y, distance: c.distance, transmitting: c.deaf, work: &work)
        }
        self.work[chunk] = work
    }
}

/// Decides receptions of one frame. An immutable value: its answer for a listener depends only on
/// (frame, listener, position, the frames on air near it), never on other listeners or on the
/// order of the calls, so listeners may be decided in any order or in chunks on several threads
/// and the results applied in listener order.
struct ReceptionDecider: Sendable {
    let budget: LinkBudget
    let frame: AirFrame
    let interferers: [AirFrame]
    let fading: CounterRandom

    /// Half duplex first (a transmitting listener hears nothing, no draw), then the fading draw
    /// keyed by (frame id, listener), then interference only for a signal that reached sensitivity:
    /// `outcome` answers `belowSensitivity` whatever the interference.
    func decide(
        listener: Listener, x: Double, y: Double, distance: Double, transmitting: Bool, work: inout RadioWork
    ) -> RadioOutcome {
        work.candidates += 1
        if transmitting { return .halfDuplex }
        let mean = self.budget.meanMilliwatts(distanceSquared: distance * distance)
        var signal = mean
        if self.budget.config.fading == .nakagami {
            // Exact skip: not even the largest gain the model gives reaches sensitivity.
            if mean * NakagamiFading.cutoff < self.budget.sensitivity { return .belowSensitivity }
            var stream = self.fading.stream(entity: self.frame.id, counter: listener.code)
            signal = mean * NakagamiFading.truncatedGain(m: self.budget.nakagamiShape(distance: distance), using: &stream)
            work.fadingDraws += 1
        }
        if signal < self.budget.sensitivity { return .belowSensitivity }
        work.interferenceSums += 1
        var interference = 0.0
        for other in self.interferers {
            work.framesExamined += 1
            let dx = other.x - x
            let dy = other.y - y
            let power = self.budget.meanMilliwatts(distanceSquared: dx * dx + dy * dy)
            // The documented cutoff: interferers below noise − 20 dB are not summed.
            guard power >= self.budget.interferenceFloor else { continue }
            work.framesSummed += 1
            interference += power
        }
        return self.budget.outcome(signal: signal, interference: interference)
    }
}

extension RadioWork {
    mutating func add(_ other: RadioWork) {
        self.framesEnded += other.framesEnded
        self.candidates += other.candidates
        self.fadingDraws += other.fadingDraws
        self.interferenceSums += other.interferenceSums
        self.framesGathered += other.framesGathered
        self.framesExamined += other.framesExamined
        self.framesSummed += other.framesSummed
        self.senseChecks += other.senseChecks
    }
}
