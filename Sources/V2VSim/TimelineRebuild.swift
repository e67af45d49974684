import SimKernel
import Trace
import Traffic
import V2X

/// Replays one vehicle's recorded receptions into a neighbour table and hazard list, the way its
/// station built them, and samples them (with the truth beside them) at the timeline's sample times.
struct RebuildContext {
    let road: Highway
    let freshness: SimTime
    let denmValidity: SimTime
    /// A sender whose latest FCD row is older than this has left the road; the station forgets it.
    let departedAfter: SimTime
    let truth: TruthIndex
    let sampleTimes: [SimTime]

    /// A belief as the station holds it, with the message that set it.
    private struct Held {
        var claim: SensorBroadcast
        var generated: SimTime
        var availableAt: SimTime
        var messageID: UInt64
        var sender: UInt32?
        var attacker: String?
    }

    private struct HeldHazard {
        var warning: HazardWarning
        var key: HazardKey
        var generated: SimTime
        var availableAt: SimTime
        var messageID: UInt64
        var sender: UInt32?
        var attacker: String?
    }

    /// Fills `timeline`'s samples and heard/hazard/leader events for `vehicle`.
    ///
    /// - Parameters:
    ///   - heard: the vehicle's receptions, in the order the run processed them.
    ///   - decisions: its decision rows in time order.
    ///   - shield: the shield override column's text by decision, when the trace has that column.
    mutating func rebuild(
        _ vehicle: UInt32, heard: [HeardMessage], window: TimelineWindow, decisions: [DecisionRow],
        shield: [DecisionKey: String], into timeline: inout VehicleTimeline
    ) {
        var neighbours: [UInt32: Held] = [:]
        var hazards: [HeldHazard] = []
        var refuted: Set<HazardKey> = []
        var next = 0
        var decisionIndex = 0
        var previousLeader: UInt32?
        var firstSample = true

        func take(_ h: HeardMessage) {
            let r = h.reception
            let shown = r.tReceived >= window.from
            var event = TimelineEvent(
                time: r.tReceived, kind: .heard, messageID: r.messageID, messageType: h.messageType, other: h.sender,
                outcome: r.radioOutcome == "received" ? r.verifyOutcome : "lost:\(r.radioOutcome)", reason: r.reason,
                latency: r.latency, actedOn: r.actedOn, attacker: h.attacker)
            let envelope = r.radioOutcome == "received" ? try? SignedEnvelope.decode(h.envelope) : nil
            let usable = r.verifyOutcome == "accepted" || r.verifyOutcome == "unchecked"
            var added: HeldHazard?
            var dropped: [HazardKey] = []
            switch envelope?.type {
            case .cam?:
                if let claim = try? SensorBroadcast.decode(envelope!.payload) {
                    event.detail = "station \(claim.stationID)"
                    if usable {
                        neighbours[claim.stationID] = Held(
                            claim: claim, generated: envelope!.generationTime, availableAt: r.tVerified ?? r.tReceived,
                            messageID: r.messageID, sender: h.sender, attacker: h.attacker)
                    }
                }
            case .denm?:
                if let warning = try? HazardWarning.decode(envelope!.payload) {
                    let key = HazardKey(station: warning.stationID, hazard: warning.hazardID)
                    event.detail = "hazard \(key.station)/\(key.hazard) lane \(warning.lane) at \(DecimalFormat.fixed(warning.roadPosition, 1)) m"
                    if usable, !refuted.contains(key), !hazards.contains(where: { $0.key == key }) {
                        let held = HeldHazard(
                            warning: warning, key: key, generated: envelope!.generationTime,
                            availableAt: r.tVerified ?? r.tReceived, messageID: r.messageID, sender: h.sender,
                            attacker: h.attacker)
                        hazards.append(held)
                        added = held
                    } else if r.verifyOutcome == "rejected", r.reason.hasPrefix("implausible_hazard"), refuted.insert(key).inserted {
                        dropped = hazards.filter { $0.key == key }.map(\.key)
                        hazards.removeAll { $0.key == key }
                    }
                }
            case .uplink?, .uplinkAck?, nil:
                break
            }
            guard shown else { return }
            timeline.events.append(event)
            if let added {
                timeline.events.append(TimelineEvent(
                    time: added.availableAt, kind: .hazardAdded, messageID: added.messageID, messageType: "denm",
                    other: added.sender, attacker: added.attacker,
                    detail: "hazard \(added.key.station)/\(added.key.hazard) lane \(added.warning.lane) at "
                        + "\(DecimalFormat.fixed(added.warning.roadPosition, 1)) m"))
            }
            for key in dropped {
                timeline.events.append(TimelineEvent(
                    time: r.tVerified ?? r.tReceived, kind: .hazardDropped, messageID: r.messageID, messageType: "denm",
                    other: h.sender, reason: r.reason, detail: "hazard \(key.station)/\(key.hazard) refuted"))
            }
        }

        func expire(at t: SimTime) {
            let cutoff = t - self.freshness
            neighbours = neighbours.filter { entry in
                guard entry.value.generated >= cutoff else { return false }
                // A vehicle that left the road is forgotten by every station (`Simulation` does so).
                guard let sender = entry.value.sender, let row = self.truth.latest(sender, atOrBefore: t) else { return true }
                return t - row.time <= self.departedAfter
            }
            let hazardCutoff = t - self.denmValidity
            let expired = hazards.filter { $0.generated < hazardCutoff }
            hazards.removeAll { $0.generated < hazardCutoff }
            if t >= window.from {
                for h in expired {
                    timeline.events.append(TimelineEvent(
                        time: t, kind: .hazardDropped, messageID: h.messageID, messageType: "denm", other: h.sender,
                        detail: "hazard \(h.key.station)/\(h.key.hazard) expired (security.denm_validity)"))
                }
            }
        }

        for t in self.sampleTimes {
            while next < heard.count, heard[next].reception.tReceived <= t {
                take(heard[next])
                next += 1
            }
            expire(at: t)
            while decisionIndex + 1 < decisions.count, decisions[decisionIndex + 1].time <= t { decisionIndex += 1 }
            var sample = TimelineSample(time: t)
            sample.truth = self.truth.latest(vehicle, atOrBefore: t)
            if let d = decisions.indices.contains(decisionIndex) ? decisions[decisionIndex] : nil, d.time <= t {
                sample.decision = d
                sample.shieldOverride = shield[DecisionKey(time: d.time, vehicle: d.vehicleID)]
            }
            sample.neighbours = neighbours.keys.sorted().map { self.snapshot(neighbours[$0]!, station: $0, at: t, own: sample.truth) }
            let ownPosition = sample.truth.map { self.truth.state($0.vehicleID, at: t, road: self.road)?.position ?? $0.pos }
            sample.hazards = hazards.map { h in
                var gap: Double?
                if let ownPosition, let lane = sample.truth?.lane, Int(h.warning.lane) == lane {
                    let toFront = self.road.forwardDistance(from: ownPosition, to: h.warning.roadPosition)
                    if toFront > 0, toFront < self.road.length / 2 || !self.road.isRing { gap = toFront - h.warning.length }
                }
                return HazardAtSample(
                    warning: h.warning, messageID: h.messageID, sender: h.sender, attacker: h.attacker,
                    generated: h.generated, availableAt: h.availableAt, usable: h.availableAt <= t, gap: gap)
            }
            sample.leaderStation = Self.leader(of: sample.neighbours)
            if firstSample || previousLeader != sample.leaderStation {
                let leader = sample.leader
                timeline.events.append(TimelineEvent(
                    time: t, kind: .leader, messageID: leader?.messageID, messageType: leader.map { _ in "cam" },
                    other: leader?.sender, attacker: leader?.attacker,
                    detail: leader.map { "station \($0.station), believed gap \(DecimalFormat.fixed($0.gap ?? .nan, 1)) m" }
                        ?? "no leader believed"))
                previousLeader = sample.leaderStation
                firstSample = false
            }
            timeline.samples.append(sample)
        }
        while next < heard.count {
            take(heard[next])
            next += 1
        }
    }

    /// One belief at `t`, with the truth of its sender and, when it is ahead in the receiver's lane,
    /// the believed gap (as ``NeighbourBelief/leaderGap(lane:x:now:road:)`` computes it).
    private func snapshot(_ held: Held, station: UInt32, at t: SimTime, own: VehicleRow?) -> BeliefAtSample {
        let belief = NeighbourBelief(broadcast: held.claim, generationTime: held.generated, availableAt: held.availableAt)
        let age = t - held.generated
        let believed = self.road.wrapped(
            self.road.roadPosition(x: held.claim.x, y: held.claim.y) + held.claim.speed * age.seconds)
        let truth = self.truth.latest(held.sender, atOrBefore: t)
        let state = self.truth.state(held.sender, at: t, road: self.road)
        var positionError: Double?
        if let state {
            var error = believed - state.position
            // On a ring the error is the shorter way round.
            if self.road.isRing {
                error = error.truncatingRemainder(dividingBy: self.road.length)
                if error > self.road.length / 2 { error -= self.road.length }
                if error < -self.road.length / 2 { error += self.road.length }
            }
            positionError = error
        }
        return BeliefAtSample(
            station: station, messageID: held.messageID, sender: held.sender, attacker: held.attacker, claim: held.claim,
            generated: held.generated, availableAt: held.availableAt, age: age, usable: held.availableAt <= t,
            believedPosition: believed, truth: truth, positionError: positionError,
            speedError: state.map { held.claim.speed - $0.speed },
            gap: own.flatMap { row in
                let position = self.truth.state(row.vehicleID, at: t, road: self.road)?.position ?? row.pos
                return belief.leaderGap(lane: row.lane, x: position, now: t, road: self.road)
            })
    }

    /// The nearest usable belief ahead (ties to the lower station id, as the station breaks them).
    private static func leader(of beliefs: [BeliefAtSample]) -> UInt32? {
        var best: BeliefAtSample?
        for b in beliefs {
            guard let gap = b.gap else { continue }
            if best == nil || gap < best!.gap! || (gap == best!.gap! && b.station < best!.station) { best = b }
        }
        return best?.station
    }
}
