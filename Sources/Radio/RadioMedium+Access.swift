import SimKernel

/// CSMA/CA: the one-frame MAC queue, backoff draws, carrier sense and the timers they need.
extension RadioMedium {
    /// A frame (`tag`, the driver's handle) is ready for the MAC of `station` at `now`, in access
    /// category `category` (nil: the scenario's `radio.access_category`, the beacons' category).
    ///
    /// The station keeps one frame waiting (ETSI's CAM service keeps only the newest CAM): a new frame
    /// replaces the waiting one (which comes back as `.queueDrop`), unless the waiting one has a
    /// higher priority (a smaller AIFSN) or the new one may not displace others (`displacing` false,
    /// an uplink frame behind a beacon whatever their categories): then the new one is refused and
    /// comes back as `.queueDrop` itself. A replacing frame inherits a countdown already running. A
    /// frame that starts a countdown draws its backoff from its own category's CWmin and waits its
    /// AIFS. Ignored for a station that is not on the road.
    public mutating func frameReady(
        station s: Int, tag: UInt64, now: SimTime, category: AccessCategory? = nil, displacing: Bool = true
    ) -> [RadioEffect] {
        guard self.config.isPhysical, self.isJoined(s) else { return [] }
        let category = category ?? self.config.accessCategory
        var effects: [RadioEffect] = []
        if let old = self.queued[s] {
            if !displacing || self.queuedCategory[s].aifsn < category.aifsn { return [.queueDrop(station: s, tag: tag)] }
            effects.append(.queueDrop(station: s, tag: old))
        }
        self.queued[s] = tag
        self.queuedCategory[s] = category
        guard !self.access[s].isContending else { return effects }
        self.queuedAIFS[s] = MACTiming.aifs(category)
        let slots = Int(self.drawBackoff(station: s, cwMin: category.cwMin))
        if let end = self.access[s].begin(now: now, slots: slots, aifs: self.queuedAIFS[s]) {
            effects.append(.schedule(RadioTimer(kind: .accessEnd, station: s, token: self.access[s].token), at: end))
        } else {
            effects.append(.schedule(
                RadioTimer(kind: .mediumIdle, station: s, token: self.access[s].token), at: self.access[s].busyUntil))
        }
        return effects
    }

    /// A backoff in 0...`cwMin` slots: draw number `backoffCounter[s]` of station `s`.
    mutating func drawBackoff(station s: Int, cwMin: Int) -> UInt64 {
        var stream = self.backoffDraws.stream(entity: UInt64(s), counter: self.backoffCounter[s])
        self.backoffCounter[s] += 1
        return stream.integerDraw(below: UInt64(cwMin + 1))
    }

    /// A timer the medium asked for fires at `now`.
    public mutating func timerFired(_ timer: RadioTimer, now: SimTime) -> [RadioEffect] {
        let s = timer.station
        guard self.isJoined(s), self.access[s].token == timer.token else { return [] }
        switch timer.kind {
        case .mediumIdle:
            if self.access[s].busyUntil > now { return [.schedule(timer, at: self.access[s].busyUntil)] }
            guard let end = self.access[s].mediumIdle(now: now, aifs: self.queuedAIFS[s]) else { return [] }
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
        let horizon = start - self.longestAirtime - .milliseconds(1)
        if s >= 0 && s < self.joined.count {
            self.access[s].transmitted(start: start, end: end)
            self.ownFrames[s].removeAll { $0.end < horizon }
            self.ownFrames[s].append(air)
        } else if s < 0, self.fixedOwnFrames.indices.contains(-1 - s) {
            self.fixedOwnFrames[-1 - s].removeAll { $0.end < horizon }
            self.fixedOwnFrames[-1 - s].append(air)
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
        for other in frozen where self.access[other].mediumBusy(start: start, end: end, aifs: self.queuedAIFS[other]) {
            effects.append(.schedule(
                RadioTimer(kind: .mediumIdle, station: other, token: self.access[other].token),
                at: self.access[other].busyUntil))
        }
        self.senseBuffer = frozen
        return (end, effects)
    }
}
