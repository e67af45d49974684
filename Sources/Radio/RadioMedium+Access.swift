import SimKernel

/// CSMA/CA: the one-frame MAC queue, backoff draws, carrier sense and the timers they need.
extension RadioMedium {
    /// A frame (`tag`, the driver's handle) is ready for the MAC of `station` at `now`. It
    /// replaces a frame still waiting for the medium (a one-frame queue, as ETSI's CAM service
    /// keeps only the newest CAM; the replaced frame comes back as `.queueDrop`). Ignored for a
    /// station that is not on the road.
    public mutating func frameReady(station s: Int, tag: UInt64, now: SimTime) -> [RadioEffect] {
        guard self.config.isPhysical, self.isJoined(s) else { return [] }
        var effects: [RadioEffect] = []
        if let old = self.queued[s] { effects.append(.queueDrop(station: s, tag: old)) }
        self.queued[s] = tag
        guard !self.access[s].isContending else { return effects }
        let slots = Int(self.drawBackoff(station: s))
        if let end = self.access[s].begin(now: now, slots: slots, aifs: self.aifs) {
            effects.append(.schedule(RadioTimer(kind: .accessEnd, station: s, token: self.access[s].token), at: end))
        } else {
            effects.append(.schedule(
                RadioTimer(kind: .mediumIdle, station: s, token: self.access[s].token), at: self.access[s].busyUntil))
        }
        return effects
    }

    /// A backoff in 0...CWmin slots: draw number `backoffCounter[s]` of station `s`.
    mutating func drawBackoff(station s: Int) -> UInt64 {
        var stream = self.backoffDraws.stream(entity: UInt64(s), counter: self.backoffCounter[s])
        self.backoffCounter[s] += 1
        return stream.integerDraw(below: UInt64(self.cwMin + 1))
    }

    /// A timer the medium asked for fires at `now`.
    public mutating func timerFired(_ timer: RadioTimer, now: SimTime) -> [RadioEffect] {
        let s = timer.station
        guard self.isJoined(s), self.access[s].token == timer.token else { return [] }
        switch timer.kind {
        case .mediumIdle:
            if self.access[s].busyUntil > now { return [.schedule(timer, at: self.access[s].busyUntil)] }
            guard let end = self.access[s].mediumIdle(now: now, aifs: self.aifs) else { return [] }
            return [.schedule(RadioTimer(kind: .accessEnd, station: s, token: self.access[s].token), at: end)]
        case .accessEnd:
            guard let tag = self.queued[s] else { return [] }
            self.queued[s] = nil
            return [.transmit(station: s, tag: tag)]
        }
    }

    /// Puts `frame` on air over [start, start + airtime): start is now for a frame that won the
    /// medium, or a little later for one that bypasses the backoff (a DENM's fixed access delay).
    ///
    /// Under the physical models the frame occupies the medium of every station that senses it above
    /// the CCA threshold (their countdowns freeze; the effects ask for `mediumIdle` timers, in
    /// ascending station order) and joins the frames on air.
    /// - Returns: when the frame ends (the driver calls `endFrame` then), and the effects.
    public mutating func startFrame(_ frame: RadioFrame, at start: SimTime) -> (end: SimTime, effects: [RadioEffect]) {
        let end = start + Airtime.duration(payloadBytes: frame.payloadBytes, dataRate: self.config.dataRate)
        let air = AirFrame(id: frame.id, sender: frame.sender, x: frame.x, y: frame.y, start: start, end: end)
        precondition(self.inFlight[frame.id] == nil, "frame id \(frame.id) is already on air")
        self.inFlight[frame.id] = air
        guard self.config.isPhysical else { return (end, []) }
        self.longestAirtime = max(self.longestAirtime, end - start)
        self.onAir.insert(air)
        let s = frame.sender
        if s < self.joined.count {
            self.access[s].transmitted(start: start, end: end)
            let horizon = start - self.longestAirtime - .milliseconds(1)
            self.ownFrames[s].removeAll { $0.end < horizon }
            self.ownFrames[s].append(air)
        }
        var frozen = self.senseBuffer
        self.senseBuffer = []
        frozen.removeAll(keepingCapacity: true)
        var checks = 0
        self.stationGrid.forEach(within: self.budget.senseRange, ofX: frame.x, y: frame.y) { entry, _ in
            checks += 1
            if entry.index != s { frozen.append(entry.index) }
        }
        self.work.senseChecks += checks
        frozen.sort()
        var effects: [RadioEffect] = []
        for other in frozen where self.access[other].mediumBusy(start: start, end: end, aifs: self.aifs) {
            effects.append(.schedule(
                RadioTimer(kind: .mediumIdle, station: other, token: self.access[other].token),
                at: self.access[other].busyUntil))
        }
        self.senseBuffer = frozen
        return (end, effects)
    }
}
