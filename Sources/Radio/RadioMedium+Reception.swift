import SimKernel

extension RadioMedium {
    /// The frame `id` ends at `now`: decides it at every listener that might hear it.
    ///
    /// Physical models: the candidates are the stations (other than the sender) and fixed
    /// receivers within `budget.candidateRange`, where mean power · `NakagamiFading.cutoff` reaches
    /// the sensitivity; nobody farther can decode under the truncated fading model, so they are not
    /// examined and get no reception. Each candidate's outcome depends only on the frame, the
    /// listener and the frames on air near it (see `ReceptionDecider`).
    ///
    /// - Returns: one reception per candidate, stations first, each kind by ascending index.
    ///   Empty for an unknown id.
    public mutating func endFrame(id: UInt64, now: SimTime) -> [Reception] {
        guard let frame = self.inFlight.removeValue(forKey: id) else { return [] }
        var out = self.receptionBuffer
        self.receptionBuffer = []
        out.removeAll(keepingCapacity: true)
        self.work.framesEnded += 1
        if self.config.isPhysical {
            self.decidePhysical(frame, now: now, into: &out)
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

    private mutating func decidePhysical(_ frame: AirFrame, now: SimTime, into out: inout [Reception]) {
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
        var work = RadioWork()
        let range = self.budget.candidateRange
        let ownFrames = self.ownFrames
        self.stationGrid.forEach(within: range, ofX: frame.x, y: frame.y) { entry, distance in
            guard entry.index != frame.sender else { return }
            let deaf = ownFrames[entry.index].contains { $0.overlaps(start: frame.start, end: frame.end) }
            let outcome = decider.decide(
                listener: .station(entry.index), x: entry.x, y: entry.y, distance: distance, transmitting: deaf,
                work: &work)
            out.append(Reception(listener: .station(entry.index), distance: distance, outcome: outcome))
        }
        let fixedOwnFrames = self.fixedOwnFrames
        self.fixedGrid.forEach(within: range, ofX: frame.x, y: frame.y) { entry, distance in
            guard frame.sender != Self.fixedSender(entry.index) else { return }
            let deaf = fixedOwnFrames[entry.index].contains { $0.overlaps(start: frame.start, end: frame.end) }
            let outcome = decider.decide(
                listener: .fixed(entry.index), x: entry.x, y: entry.y, distance: distance, transmitting: deaf,
                work: &work)
            out.append(Reception(listener: .fixed(entry.index), distance: distance, outcome: outcome))
        }
        work.framesGathered = interferers.count
        self.work.add(work)
        self.interferers = interferers
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
