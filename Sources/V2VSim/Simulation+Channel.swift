import Radio
import SimKernel
import Trace
import Traffic
import V2X

/// Routing between the event queue and the `RadioMedium`: the medium decides channel access,
/// carrier sense, fading, interference and reception; this file schedules the timers it asks
/// for, puts the frames it lets through on air, and records what it reports.
extension Simulation {
    /// A signed frame is ready for the MAC of vehicle `id` (physical models).
    func frameReady(_ id: VehicleID) {
        let raw = Int(id.raw)
        guard let frame = self.channel?.staged[raw] else { return }
        self.channel!.staged[raw] = nil
        guard self.medium.isJoined(raw) else { return }
        // The tag is the sender: the medium's queue holds one frame per station, ours mirrors it.
        let effects = self.medium.frameReady(station: raw, tag: UInt64(raw), now: self.now)
        self.channel!.queued[raw] = frame
        self.applyRadioEffects(effects)
    }

    /// The medium may be idle again for a station whose countdown was frozen.
    func mediumIdle(_ id: VehicleID, token: UInt32) {
        self.applyRadioEffects(self.medium.timerFired(RadioTimer(kind: .mediumIdle, station: Int(id.raw), token: token), now: self.now))
    }

    /// The backoff countdown reached zero: the waiting frame goes on air now.
    func accessEnd(_ id: VehicleID, token: UInt32) throws {
        let effects = self.medium.timerFired(RadioTimer(kind: .accessEnd, station: Int(id.raw), token: token), now: self.now)
        for effect in effects {
            guard case let .transmit(station, tag) = effect else { continue }
            if tag == Self.uplinkTag(station: station) {
                guard let frame = self.channel?.uplinkQueued[station] else { continue }
                self.channel!.uplinkQueued[station] = nil
                try self.transmit(frame, at: self.now)
                continue
            }
            guard let frame = self.channel?.queued[station] else { continue }
            self.channel!.queued[station] = nil
            self.metrics.radio.accessDelay.record(UInt64(max(0, (self.now - frame.signed).nanoseconds)) / 1_000)
            try self.transmit(frame, at: self.now)
        }
    }

    /// Schedules the timers the medium asked for and counts replaced frames, in the given order.
    /// (A `.transmit` effect only comes from an `accessEnd` timer, handled there.)
    func applyRadioEffects(_ effects: [RadioEffect]) {
        for effect in effects {
            switch effect {
            case let .schedule(timer, at):
                let id = VehicleID(UInt32(timer.station))
                switch timer.kind {
                case .accessEnd: self.queue.schedule(.accessEnd(id, token: timer.token), at: at, phase: .broadcast)
                case .mediumIdle: self.queue.schedule(.mediumIdle(id, token: timer.token), at: at, phase: .broadcast)
                }
            case let .queueDrop(station, tag):
                if tag == Self.uplinkTag(station: station) {
                    self.uplinkDeferred(station: station)
                } else {
                    self.metrics.radio.macQueueDrops += 1
                }
            case .transmit:
                preconditionFailure("the medium grants the channel only from an access-end timer")
            }
        }
    }

    func recordLoss(_ tx: Transmission, kind: String, id: UInt32, distance: Double, outcome: RadioOutcome) throws {
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
        guard self.channel != nil else { return }
        let stations = self.world.vehicles.map { Int($0.id.raw) }
        for sample in self.medium.sampleChannelBusy(stations: stations, window: self.scenario.step) {
            self.metrics.radio.recordCBR(sample.ratio)
            // The station's detector discounts sudden appearances and overlaps on a busy channel.
            self.agents[sample.station]?.station.noteChannelBusy(sample.ratio)
            if let state = sample.dccState { self.metrics.radio.dccStates[state.rawValue] += 1 }
        }
    }
}

extension RadioOutcome {
    /// A stable small number for the event digest: the case's index in `allCases` (a switch, because
    /// `allCases` builds an array on every call and this runs for every candidate receiver).
    var hashValueCode: Int {
        switch self {
        case .received: return 0
        case .belowSensitivity: return 1
        case .collision: return 2
        case .halfDuplex: return 3
        }
    }
}

extension Simulation {
    /// The radio part of the summary; nil for the unit disk.
    func radioSummary() -> RadioSummary? {
        guard self.channel != nil else { return nil }
        let budget = self.medium.budget
        let r = self.metrics.radio
        return RadioSummary(
            model: self.scenario.radio.model.rawValue, nominalRange: budget.nominalRange,
            senseRange: budget.senseRange, bins: r.bins,
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
