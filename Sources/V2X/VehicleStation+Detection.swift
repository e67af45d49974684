#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SimKernel

/// What the detector decided about one CAM: its finding, the known station it was linked to as its
/// previous pseudonym, and the check to report its sender for (nil: no report now).
struct DetectionDecision {
    var finding: PlausibilityFinding?
    var linked: UInt32?
    var report: MisbehaviourReport.Check?
    /// The claim's `DetectorFeatures`, when a learned detector runs or features are collected.
    var features: [Double]?
}

/// Misbehaviour detection on CAMs (verification mode `full`): confidence-based plausibility checks
/// on every CAM that passed the cryptographic checks, kept per sender over a window, and pseudonym
/// linking for stations heard for the first time.
extension VehicleStation {
    /// Largest difference between a new station's heading and the road direction a known one's
    /// belief is extrapolated along for the two to be linked [°]. A lane change turns a car by a few
    /// degrees; a vehicle going another way is not the same one.
    public static let linkHeadingTolerance = 20.0

    /// Absolute difference of two headings, wrapped into 0...180 [°].
    public static func headingDifference(_ a: Double, _ b: Double) -> Double {
        let d = abs(a - b).truncatingRemainder(dividingBy: 360)
        return min(d, 360 - d)
    }

    /// Takes a channel busy ratio sample of this vehicle's radio (for the appearance and overlap checks).
    public func noteChannelBusy(_ ratio: Double) {
        self.load.noteChannelBusy(ratio)
    }

    /// The receiver's current load factor for the appearance and overlap ranges.
    var loadFactor: Double {
        CheckConfidence.loadFactor(
            channelBusy: self.load.channelBusy, lossRatio: self.load.lossRatio,
            discount: self.config.detection.loadDiscount)
    }

    /// What the checks find on `claim`, verified at `time`: the message's finding, the station it
    /// was linked to, and whether to report its sender. A nil finding when detection is off.
    ///
    /// - Parameter firstChecked: when the receiver first verified the message, for the `age`
    ///   check; later than that only for a message that waited in the pending-certificate hold,
    ///   whose wait is the receiver's doing, not the channel's.
    func plausibility<Road: StationRoad>(
        of claim: SensorBroadcast, envelope: SignedEnvelope, receiver: ReceiverState, at time: SimTime,
        firstChecked: SimTime? = nil, road: Road
    ) -> DetectionDecision {
        guard self.detects else { return DetectionDecision() }
        let config = self.config.detection
        let at = envelope.generationTime
        var history = self.takeHistory(of: claim.stationID)
        var linked: UInt32?
        if history == nil, let link = self.linkedStation(for: claim, at: at, road: road) {
            // A station heard for the first time right where a known one is expected is taken as that
            // station's pseudonym change (ETSI TR 103 415): its track and window continue under the new name.
            linked = link.station
            var inherited = self.senders[link.station]
                ?? SenderHistory(last: link.record, heardAt: time)
            inherited.last = link.record
            history = inherited
        }
        let previous = history?.last
        if let previous, at > previous.time {
            self.load.noteBeacon(gap: at - previous.time, interval: config.beaconInterval, at: time, window: config.lossWindow)
        }
        let s = road.roadPosition(x: claim.x, y: claim.y)
        let measures = self.measures(
            of: claim, at: at, now: time, s: s, previous: previous, track: history?.track,
            broken: history?.trackBroken ?? false, trusted: history?.trusted, linked: linked,
            receiver: receiver, firstChecked: firstChecked ?? time, road: road)
        let scores = PlausibilityChecks.assess(measures.measures, config: config)
        self.recentClaims.note(claim, at: at, keepingAfter: at - config.duplicateWindow)
        var features: [Double]?
        if self.detectorSlot.detector != nil || self.detectorSlot.collectingFeatures {
            features = DetectorFeatures.vector(
                measures: measures.measures, scores: scores, trackBroken: history?.trackBroken ?? false, config: config)
        }
        // The learned detector's score replaces the rules' fused confidence for this message's
        // verdict and the sender's window; tracks still move on the individual checks.
        let fused = self.detectorSlot.detector.map { $0.confidence(features!) } ?? scores.fused

        var record = history.take() ?? SenderHistory(last: ClaimRecord(broadcast: claim, time: at), heardAt: time)
        self.advanceTrack(&record, claim: claim, s: s, at: at, innovation: measures.innovation, scores: scores)
        record.last = ClaimRecord(broadcast: claim, time: at)
        record.lastHeard = time
        record.note(doubt: 1 - fused, at: time, window: config.senderWindow)
        let misbehaving = record.doubt(at: time, window: config.senderWindow) >= config.senderThreshold

        var decision = DetectionDecision(linked: linked, features: features)
        if fused < config.messageThreshold {
            // Name the weakest rule check when it fails too, else the learned detector itself.
            let weakest = scores.weakest.flatMap { $0.confidence < config.messageThreshold ? $0.check : nil }
            decision.finding = .implausible(weakest ?? .learned)
        } else if misbehaving {
            decision.finding = .implausible(.senderHistory)
        } else {
            decision.finding = .plausible
        }
        if misbehaving, record.lastReported.map({ time - $0 >= config.reportInterval }) ?? true {
            record.lastReported = time
            decision.report = decision.finding?.check ?? .senderHistory
        }
        self.senders[claim.stationID] = record
        return decision
    }

    /// The sender's history, as its only owner: the entry stays in `senders` (same key, same place,
    /// every field but the doubt window) until `plausibility` writes the updated one back. A plain
    /// copy would share the window's buffer with the dictionary, and noting a doubt would then copy
    /// the whole window on every reception.
    private func takeHistory(of station: UInt32) -> SenderHistory? {
        guard let i = self.senders.index(forKey: station) else { return nil }
        let history = self.senders.values[i]
        self.senders.values[i].releaseDoubts()
        return history
    }

    /// Moves the sender's track on by one claim. The track takes a claim that fits its prediction
    /// and continues the previous claim physically; a claim that does not breaks the track. A
    /// broken track takes the next claim that is reachable from the last claim it took (and
    /// continues its own previous claim), starting afresh there. A sender that jumped into a lie
    /// consistent with itself (EventualStop's frozen position) stays off its track for as long as
    /// it is heard, while an honest car whose beacon was judged wrongly is back at its next one.
    private func advanceTrack(
        _ record: inout SenderHistory, claim: SensorBroadcast, s: Double, at: SimTime,
        innovation: KalmanTrack.Innovation?, scores: CheckScores
    ) {
        let config = self.config.detection
        let threshold = config.messageThreshold
        let fits = (scores.confidence(of: .track) ?? 1) >= threshold && scores.transition >= threshold
        let noise = self.trackNoise
        func restart() {
            record.track = KalmanTrack(
                position: s, speed: claim.speed, acceleration: claim.acceleration, time: at.seconds, noise: noise)
            record.trusted = ClaimRecord(broadcast: claim, time: at)
            record.trackBroken = false
        }
        guard var track = record.track, let innovation else { return restart() }
        if record.trackBroken {
            if fits { restart() }
        } else if at.seconds - track.time >= config.historyRetention.seconds {
            // Not heard for that long: the old state says nothing any more.
            restart()
        } else if fits {
            track.update(with: innovation)
            record.track = track
            record.trusted = ClaimRecord(broadcast: claim, time: at)
        } else {
            record.trackBroken = true
        }
    }

    /// The Kalman noise settings of the scenario.
    var trackNoise: KalmanTrack.Noise {
        let c = self.config.detection
        return KalmanTrack.Noise(position: c.trackPositionNoise, speed: c.trackSpeedNoise, jerk: c.trackJerkNoise)
    }

    /// The known station a new one is taken for after a pseudonym change, with its latest belief.
    private func linkedStation<Road: StationRoad>(for claim: SensorBroadcast, at: SimTime, road: Road)
        -> (station: UInt32, record: ClaimRecord)?
    {
        let config = self.config.detection
        // The road's direction at an extrapolated point, as a heading: the belief's own heading
        // on a straight highway, the tangent there on a ring (SUMO degrees, clockwise from north).
        func along(_ b: SensorBroadcast, at point: SensorBroadcast) -> Double {
            let next = road.advance(x: point.x, y: point.y, heading: b.heading, by: 1)
            return atan2(next.x - point.x, next.y - point.y) * 180 / Double.pi
        }
        var best: (station: UInt32, distance: Double)?
        // A pseudonym changer keeps its beacon rhythm, so a known station heard less than one
        // beacon interval before this claim is another vehicle, not this one's old name.
        // A belief a linked claim was already rejected against is not offered again: rejected
        // claims are not beliefs, so that stale belief would otherwise be linked on every beacon.
        for (station, belief) in self.neighbours
        where belief.broadcast.lane == claim.lane && at - belief.generationTime >= config.minBeaconInterval
            && self.refusedLinks[station] != belief.generationTime {
            let expected = belief.extrapolated(to: at, along: road)
            let d = ((expected.x - claim.x) * (expected.x - claim.x) + (expected.y - claim.y) * (expected.y - claim.y))
                .squareRoot()
            guard d <= config.positionTolerance,
                  best == nil || d < best!.distance || (d == best!.distance && station < best!.station)
            else { continue }
            // Being in the right place is not enough: an out-of-date belief, or one about
            // another vehicle, can be extrapolated onto this one. Only a belief this claim can
            // continue (speed change, distance moved, heading) is its old pseudonym.
            let record = ClaimRecord(broadcast: belief.broadcast, time: belief.generationTime)
            let turn = Self.headingDifference(claim.heading, along(belief.broadcast, at: expected))
            let moved = Self.signedAlong(
                from: road.roadPosition(x: belief.broadcast.x, y: belief.broadcast.y),
                to: road.roadPosition(x: claim.x, y: claim.y), road: road)
            guard PlausibilityChecks.trackFailure(claim: claim, time: at, previous: record, config: config, along: moved) == nil,
                  turn <= Self.linkHeadingTolerance
            else { continue }
            best = (station, d)
        }
        guard let best, let belief = self.neighbours[best.station] else { return nil }
        return (best.station, ClaimRecord(broadcast: belief.broadcast, time: belief.generationTime))
    }

    /// Signed distance along the road from road position `from` to `to` (within half the ring).
    static func signedAlong<Road: StationRoad>(from: Double, to: Double, road: Road) -> Double {
        let d = road.forwardDistance(from: from, to: to)
        return road.isRing && d > road.length / 2 ? d - road.length : d
    }

    /// The measures of every check on `claim` (generated at `at`, verified at `now`, at road
    /// position `s`), and the Kalman innovation against the sender's track when it has one.
    private func measures<Road: StationRoad>(
        of claim: SensorBroadcast, at: SimTime, now: SimTime, s: Double, previous: ClaimRecord?, track: KalmanTrack?,
        broken: Bool, trusted: ClaimRecord?, linked: UInt32?, receiver: ReceiverState, firstChecked: SimTime, road: Road
    ) -> (measures: ClaimMeasures, innovation: KalmanTrack.Innovation?) {
        let config = self.config.detection
        let dx = claim.x - receiver.x
        let dy = claim.y - receiver.y
        var m = ClaimMeasures(distance: (dx * dx + dy * dy).squareRoot(), speed: claim.speed, acceleration: claim.acceleration)
        if let previous {
            let along = Self.signedAlong(
                from: road.roadPosition(x: previous.broadcast.x, y: previous.broadcast.y), to: s, road: road)
            m.previous = PlausibilityChecks.transition(from: previous, to: claim, at: at, along: along)
        }
        // Heading and lane fit against the road at the claimed point (its lane's centre line).
        let centre = road.point(position: s, lane: Double(claim.lane))
        let ahead = road.point(position: road.wrapped(s + 1), lane: Double(claim.lane))
        let roadHeading = atan2(ahead.x - centre.x, ahead.y - centre.y) * 180 / Double.pi
        m.headingDifference = Self.headingDifference(claim.heading, roadHeading)
        m.laneOffset = ((claim.x - centre.x) * (claim.x - centre.x) + (claim.y - centre.y) * (claim.y - centre.y)).squareRoot()
        var innovation: KalmanTrack.Innovation?
        if let track {
            let ring = road.isRing ? road.length : nil
            innovation = track.innovation(
                position: s, speed: claim.speed, time: at.seconds, noise: self.trackNoise,
                residualPosition: { predicted, measured in
                    guard let ring else { return measured - predicted }
                    let d = (measured - predicted).truncatingRemainder(dividingBy: ring)
                    return d > ring / 2 ? d - ring : (d < -ring / 2 ? d + ring : d)
                })
            m.trackDistance = innovation?.distance
        }
        if broken, let trusted {
            let along = Self.signedAlong(
                from: road.roadPosition(x: trusted.broadcast.x, y: trusted.broadcast.y), to: s, road: road)
            m.trackReach = CheckConfidence.reachExcess(
                moved: along, speed: claim.speed, from: trusted.broadcast.speed, dt: (at - trusted.time).seconds,
                maxAcceleration: config.maxAcceleration)
        }
        m.load = self.loadFactor
        m.age = (firstChecked - at).seconds
        if let original = self.recentClaims.firstSender(of: claim, since: at - config.duplicateWindow),
           original != claim.stationID, original != linked {
            // The copy is the claim of the younger station: a ghost never precedes the vehicle it copies.
            // (A stopped car's new pseudonym repeats its old one's claim; it is linked to it, and
            // inherits its history, so it is never the younger.)
            let originalSince = self.senders[original]?.firstHeard ?? now
            let claimerSince = self.senders[claim.stationID]?.firstHeard ?? now
            m.isDuplicate = claimerSince > originalSince
        }
        if previous == nil {
            // A station first heard near a road entrance has just driven into the simulated area.
            let nearEntrance = road.entrancePoints.contains { entrance in
                let ex = claim.x - entrance.x
                let ey = claim.y - entrance.y
                return ex * ex + ey * ey < config.appearanceRange * config.appearanceRange
            }
            m.judgesAppearance = !nearEntrance && now - self.admittedAt >= config.appearanceWarmup
            // Overlap with known vehicles is judged when a station first shows up (a ghost or a
            // copied position); afterwards its track is held to the other checks. Beliefs older
            // than `overlapMaxAge` are not compared: extrapolated over lost beacons they are too
            // uncertain to say where that vehicle is to a metre.
            for (station, belief) in self.neighbours
            where station != linked && belief.broadcast.lane == claim.lane && at - belief.generationTime <= config.overlapMaxAge {
                let other = belief.extrapolated(to: at, along: road)
                let gap = abs(Self.signedAlong(from: road.roadPosition(x: other.x, y: other.y), to: s, road: road))
                m.nearestOther = min(m.nearestOther ?? .infinity, gap)
            }
        }
        if abs(dy) < 1 { m.receiverGap = abs(dx) }
        return (m, innovation)
    }
}
