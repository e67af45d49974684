import Radio
import SimKernel
import Trace
import Traffic
import V2X

/// The physical radio models: CSMA/CA channel access, carrier sense and busy time, path loss with
/// fading, and reception decided by sensitivity, half duplex and SINR.
extension Simulation {
    /// A signed frame is ready for the MAC. It replaces a frame still waiting for the medium (a
    /// one-frame queue, as ETSI's CAM service keeps only the newest CAM); the replacement is counted.
    func frameReady(_ id: VehicleID) {
        let raw = Int(id.raw)
        guard var channel = self.channel.take() else { return }
        defer { self.channel = channel }
        guard let frame = channel.staged[raw] else { return }
        channel.staged[raw] = nil
        guard self.agents[raw] != nil else { return }
        if channel.pending[raw] != nil { self.metrics.radio.macQueueDrops += 1 }
        channel.pending[raw] = frame
        guard !channel.access[raw].isContending else { return }
        let slots = Int(channel.backoffStreams[raw].integer(below: UInt64(channel.cwMin + 1)))
        if let end = channel.access[raw].begin(now: self.now, slots: slots, aifs: channel.aifs) {
            self.queue.schedule(.accessEnd(id, token: channel.access[raw].token), at: end, phase: .broadcast)
        } else {
            self.queue.schedule(
                .mediumIdle(id, token: channel.access[raw].token), at: channel.access[raw].busyUntil, phase: .broadcast)
        }
    }

    /// The medium may be idle again for a station whose countdown was frozen.
    func mediumIdle(_ id: VehicleID, token: UInt32) {
        let raw = Int(id.raw)
        guard var channel = self.channel.take() else { return }
        defer { self.channel = channel }
        guard channel.access[raw].token == token else { return }
        if channel.access[raw].busyUntil > self.now {
            self.queue.schedule(.mediumIdle(id, token: token), at: channel.access[raw].busyUntil, phase: .broadcast)
            return
        }
        if let end = channel.access[raw].mediumIdle(now: self.now, aifs: channel.aifs) {
            self.queue.schedule(.accessEnd(id, token: channel.access[raw].token), at: end, phase: .broadcast)
        }
    }

    /// The backoff countdown reached zero: the waiting frame goes on air now.
    func accessEnd(_ id: VehicleID, token: UInt32) throws {
        let raw = Int(id.raw)
        guard let channel = self.channel, channel.access[raw].token == token,
              let frame = channel.pending[raw] else { return }
        self.channel!.pending[raw] = nil
        guard self.agents[raw] != nil else { return }
        self.metrics.radio.accessDelay.record(UInt64(max(0, (self.now - frame.signed).nanoseconds)) / 1_000)
        try self.transmit(frame, at: self.now)
    }

    /// A frame occupies the medium of every station that senses it above the CCA threshold; their
    /// countdowns freeze. Called by `transmit`.
    func occupyMedium(_ frame: OutgoingFrame, messageID: UInt64, start: SimTime, end: SimTime) {
        guard var channel = self.channel.take() else { return }
        defer { self.channel = channel }
        let raw = Int(frame.sender.raw)
        channel.access[raw].transmitted(start: start, end: end)
        channel.longestAirtime = max(channel.longestAirtime, end - start)
        channel.onAir.append(AirFrame(messageID: messageID, senderRaw: raw, x: frame.x, y: frame.y, start: start, end: end))
        for (entry, _) in self.grid.within(radius: channel.budget.senseRange, ofX: frame.x, y: frame.y) {
            let other = Int(self.world.vehicles[entry.index].id.raw)
            guard other != raw, other < channel.access.count else { continue }
            if channel.access[other].mediumBusy(start: start, end: end, aifs: channel.aifs) {
                self.queue.schedule(
                    .mediumIdle(VehicleID(UInt32(other)), token: channel.access[other].token),
                    at: channel.access[other].busyUntil, phase: .broadcast)
            }
        }
    }

    /// Decides reception at every vehicle and RSU within candidate range, then runs the verifier
    /// pipeline for the frames that were decoded.
    func deliverPhysical(_ tx: Transmission, decoded: Result<SignedEnvelope, DecodeError>) throws {
        guard var channel = self.channel.take() else { return }
        channel.prune(now: self.now)
        let overlapping = channel.onAir.filter {
            $0.messageID != tx.messageID && $0.start < tx.transmitEnd && $0.end > tx.transmitStart
        }
        let budget = channel.budget
        let senderRaw = Int(tx.sender.raw)
        var fading = channel.fadingStreams[senderRaw]
        // Most candidates fall below sensitivity (the candidate range has a fading margin), so the
        // order of work matters: half duplex first (no fading draw, as before), then the draw, and
        // the interference sum only for a signal that reached sensitivity. `budget.outcome` answers
        // `belowSensitivity` whatever the interference, so outcomes and draws are exactly as before.
        func decide(x: Double, y: Double, distance: Double, station: Int?) -> RadioOutcome {
            if let station, overlapping.contains(where: { $0.senderRaw == station }) { return .halfDuplex }
            let signal = budget.signal(distance: distance, using: &fading)
            if signal < budget.sensitivity { return .belowSensitivity }
            var interference = 0.0
            for other in overlapping {
                let dx = other.x - x
                let dy = other.y - y
                interference += budget.meanMilliwatts(distance: (dx * dx + dy * dy).squareRoot())
            }
            return budget.outcome(signal: signal, interference: interference)
        }
        var heard: [(entry: SpatialGrid.Entry, distance: Double, outcome: RadioOutcome)] = []
        for (entry, distance) in self.grid.within(radius: budget.candidateRange, ofX: tx.senderX, y: tx.senderY) {
            let receiver = self.world.vehicles[entry.index]
            guard receiver.id != tx.sender, self.agents[Int(receiver.id.raw)] != nil else { continue }
            heard.append((entry, distance, decide(x: entry.x, y: entry.y, distance: distance, station: Int(receiver.id.raw))))
        }
        var rsuOutcomes: [(Int, Double, RadioOutcome)] = []
        for i in self.rsus.indices {
            let dx = self.rsus[i].x - tx.senderX
            let dy = self.rsus[i].y - tx.senderY
            let distance = (dx * dx + dy * dy).squareRoot()
            guard distance <= budget.candidateRange else { continue }
            rsuOutcomes.append((i, distance, decide(x: self.rsus[i].x, y: self.rsus[i].y, distance: distance, station: nil)))
        }
        channel.fadingStreams[senderRaw] = fading
        self.channel = channel

        for (entry, distance, outcome) in heard {
            self.metrics.radio.recordAttempt(distance: distance, outcome: outcome)
            let receiver = self.world.vehicles[entry.index]
            if outcome == .received {
                try self.receive(tx, decoded: decoded, by: receiver, distance: distance)
            } else {
                try self.recordLoss(tx, kind: "vehicle", id: receiver.id.raw, distance: distance, outcome: outcome)
            }
        }
        for (i, distance, outcome) in rsuOutcomes {
            if outcome == .received {
                try self.receiveAtRSU(tx, decoded: decoded, rsu: i, distance: distance)
            } else {
                try self.recordLoss(tx, kind: "rsu", id: UInt32(i), distance: distance, outcome: outcome)
            }
        }
    }

    private func recordLoss(_ tx: Transmission, kind: String, id: UInt32, distance: Double, outcome: RadioOutcome) throws {
        self.digest(tag: 5, Int64(tx.messageID), kind == "rsu" ? -1 - Int64(id) : Int64(id), Int64(outcome.hashValueCode))
        guard self.scenario.record.radioLosses else { return }
        try self.recorder?.record(ReceptionRow(
            messageID: tx.messageID, receiverKind: kind, receiverID: id,
            tReceived: tx.transmitEnd + Airtime.propagation(distance: distance), distance: distance,
            radioOutcome: outcome.rawValue, verifyOutcome: "", reason: "", tVerifyStart: nil, tVerified: nil,
            latency: nil, actedOn: false))
    }

    /// Samples every vehicle's channel busy ratio over the last traffic step (ETSI measures CBR over
    /// 100 ms windows, the default step).
    func sampleChannelBusy() {
        guard var channel = self.channel.take() else { return }
        defer { self.channel = channel }
        let window = self.scenario.step.seconds
        for v in self.world.vehicles {
            let raw = Int(v.id.raw)
            guard raw < channel.access.count else { continue }
            let busy = channel.access[raw].busyTime - channel.busyAtLastSample[raw]
            channel.busyAtLastSample[raw] = channel.access[raw].busyTime
            let cbr = busy.seconds / window
            self.metrics.radio.recordCBR(cbr)
            if self.scenario.radio.reactiveDCC {
                let state = ReactiveDCC.state(cbr: cbr)
                channel.dccInterval[raw] = ReactiveDCC.interval(state)
                self.metrics.radio.dccStates[state.rawValue] += 1
            }
        }
    }
}

extension RadioOutcome {
    /// A stable small number for the event digest.
    var hashValueCode: Int { RadioOutcome.allCases.firstIndex(of: self) ?? 0 }
}

extension Simulation {
    /// The radio part of the summary; nil for the unit disk.
    func radioSummary() -> RadioSummary? {
        guard let channel = self.channel else { return nil }
        let r = self.metrics.radio
        return RadioSummary(
            model: self.scenario.radio.model.rawValue, nominalRange: channel.budget.nominalRange,
            senseRange: channel.budget.senseRange, bins: r.bins,
            outcomes: r.outcomes.map { ($0.key.rawValue, $0.value) }.sorted { $0.0 < $1.0 },
            macQueueDrops: r.macQueueDrops, cbrMean: r.cbrMean, cbrP95: r.cbrPercentile(95),
            cbrMax: r.cbr.totalCount > 0 ? Double(r.cbr.max) / 1_000 : nil,
            dccStates: self.scenario.radio.reactiveDCC
                ? ReactiveDCC.State.allCases.map { state in
                    let total = max(1, r.dccStates.reduce(0, +))
                    return ("\(state)", Double(r.dccStates[state.rawValue]) / Double(total))
                } : [])
    }
}
