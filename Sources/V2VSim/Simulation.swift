import Ledger
import Radio
import Scenario
import SimKernel
import Trace
import Traffic
import V2VCrypto
import V2X

/// One run of a scenario: wires traffic, radio, V2X security, RSUs, the ledger and the trace, and
/// drives them from a single deterministic event queue.
///
/// A run is a pure function of (scenario, seed, program version): every random draw comes from a
/// stream derived from the seed, keys come from the seed, Ed25519 signatures are deterministic and
/// events with equal times fire in insertion order.
public final class Simulation {
    /// The program version written into every trace and printed by `v2vsim --version`. Raise it when
    /// traces change (checkpoints resume only in the version that wrote them).
    public static let programVersion = "0.3.0"

    public let scenario: Scenario
    /// The learned policies the scenario's groups name, loaded from their weights files.
    public let policies: LearnedPolicies
    /// Labelled receptions for detector training, when `collectDetectorSamples()` asked for them.
    public internal(set) var detectorSamples: [DetectorSample]?
    /// The road's geometry for drivers' perception: a copy of `world.highway`, built once rather
    /// than copied out of the world per driver per step.
    let perceptionRoad: Highway
    var queue = EventQueue<SimulationEvent>()
    var world: TrafficWorld
    /// The traffic tick's buffers, reused from step to step.
    var tick = TrafficTickBuffers()
    /// When set, the expert's decisions are sampled with their observation v2 (`policy train`).
    public var expertRollout: ExpertRollout?
    /// When set, takes the vehicles after every traffic step (`policy eval`, DAgger rounds).
    public var drivingObserver: DrivingObserver?
    let ca: CertificateAuthority
    let committee: RSUCommittee
    var rsus: [RoadsideUnit] = []
    /// Agents indexed by `VehicleID.raw`; nil once the vehicle left the road.
    var agents: [VehicleAgent?] = []
    /// Index into `world.vehicles` per `VehicleID.raw`, rebuilt after each traffic step.
    var vehicleIndex: [Int?] = []
    /// Where each vehicle is for the medium, rebuilt after each traffic step (kept for its storage).
    var stationPositions: [StationPosition] = []
    /// The radio medium: stations, channel access, frames on air, reception decisions.
    var medium: RadioMedium
    /// The frames waiting for the medium (physical models); nil for the unit-disk model.
    var channel: ChannelState?
    let memo: SignatureMemo
    /// Threads that decide a frame's receptions (`useThreads`); 1 decides them in the event loop.
    var receptionThreads = 1
    /// One lookup log per reception chunk, reused from frame to frame (`decideInParallel`).
    var receptionLookups: [DeferredSignatureLookups] = []
    /// Frames whose receivers were decided in chunks on several threads (not part of any result).
    public internal(set) var framesDecidedInParallel = 0
    /// Certificates revoked through the ledger; every verifier of the run reads this one list.
    let revocations = RevocationList()
    /// Misbehaviour detection, reports and revocations.
    var detection: DetectionState
    /// The attack type of every attacker admitted so far, in admission order.
    var attackerTypes: [AttackType] = []
    /// Every attacker vehicle with its type, in admission order.
    var attackerVehicles: [(raw: Int, type: AttackType)] = []
    var metrics = RunMetrics()
    /// Where trace rows go (a `TraceRecorder`, a counting sink, …); nil records nothing.
    var recorder: TraceSink?
    var eventDigest = SHA256Hasher()
    /// Scratch bytes for `digest(tag:_:)`.
    var digestScratch: [UInt8] = []
    /// The event digest split per simulated second, for the trace's `event_digests` table.
    var digestLog = EventDigestLog()
    var now: SimTime = .zero
    /// The instant of the next checkpoint to write; nil without checkpoints (or without a recorder).
    var nextCheckpoint: SimTime?
    /// The checkpoint a resumed run started from; nil for a run from time 0.
    var resumedAt: SimTime?
    /// Per road hazard, whether a vehicle has raised a warning for it.
    var reportedHazards: [Bool] = []
    /// Per road hazard, when the last warning about it went out.
    var lastHazardWarning: [SimTime?] = []
    /// DENM plausibility bookkeeping and what false warnings did.
    var hazardChecks = HazardCheckState()

    // Broadcasts on air, by message id.
    var inFlight: [UInt64: Transmission] = [:]
    /// Frames that some station's pending-certificate hold still waits on, by message id, so that
    /// their reception can be recorded when the station decides (`Simulation+Hold.swift`).
    var heldFrames: [UInt64: HeldFrame] = [:]
    var nextMessageID: UInt64 = 0

    /// The RSUs' consensus nodes, backhaul, mempools and finality (the ledger's engine).
    var rsuNetwork: RSUNetwork
    /// Registrations and reports on their way to the RSUs, and the RSUs' acknowledgements on air.
    var uplink: LedgerUplink
    /// Model digest of each traffic group's driving policy, for registration leaves.
    let policyModelDigests: [Digest]

    let beaconPeriod: SimTime
    let signCallsAtStart: Int
    let verifyCallsAtStart: Int

    /// Prepares a run: spawns the initial vehicles, issues their certificates, places the RSUs.
    ///
    /// - Parameters:
    ///   - scenario: the validated scenario.
    ///   - policies: its weights files, from `LearnedPolicies.load(for:)`; the default suits scenarios
    ///     that name none.
    /// - Precondition: `policies` holds every weights file the scenario names.
    public init(scenario: Scenario, policies: LearnedPolicies = .none) {
        precondition(policies.covers(scenario), "load the scenario's weights files with LearnedPolicies.load(for:) first")
        self.scenario = scenario
        self.policies = policies
        self.perceptionRoad = Highway(config: scenario.road)
        let seed = scenario.seed
        self.signCallsAtStart = CryptoCallCounter.signCalls
        self.verifyCallsAtStart = CryptoCallCounter.verifyCalls
        self.world = TrafficWorld(road: scenario.road, groups: scenario.traffic, incidents: scenario.incidents, seed: seed)
        var caStream = RandomStream.derived(seed: seed, component: "ca-key")
        // A 32-byte seed always has the right length.
        self.ca = CertificateAuthority(key: try! SigningKey(seed: caStream.bytes32()))
        self.medium = RadioMedium(config: scenario.radio, seed: seed, fixedRange: scenario.ledger.rsuRange)
        if scenario.radio.isPhysical { self.channel = ChannelState() }
        self.beaconPeriod = SimTime(seconds: 1 / scenario.beacons.rate)
        self.memo = SignatureMemo(capacity: Self.memoCapacity(for: scenario))
        self.uplink = LedgerUplink(config: scenario.ledger.uplink)
        self.detection = DetectionState()
        self.policyModelDigests = scenario.traffic.map {
            policies.entries[$0.policy]?.digest ?? PolicyModelDigest.expert
        }

        let rsuCount = scenario.ledger.rsuCount
            ?? max(1, Int((scenario.road.length / scenario.ledger.rsuSpacing).rounded(.down)))
        var rsuKeys: [SigningKey] = []
        for i in 0..<rsuCount {
            var stream = RandomStream.derived(seed: seed, component: "rsu-key", entity: UInt64(i))
            rsuKeys.append(try! SigningKey(seed: stream.bytes32()))
        }
        self.committee = RSUCommittee(keys: rsuKeys.map(\.verifyingKey))
        self.rsuNetwork = RSUNetwork(
            keys: rsuKeys, committee: self.committee, config: scenario.ledger, seed: seed,
            revokeAfter: scenario.security.detection.revokeAfter)
        let spacing = scenario.road.length / Double(rsuCount)
        for (i, key) in rsuKeys.enumerated() {
            var verifier = StationVerifier(config: scenario.security, trustedCA: self.ca.verifyingKey, caDigest: self.ca.digest)
            verifier.revocations = self.revocations
            self.rsus.append(RoadsideUnit(
                id: RSUID(raw: UInt32(i)), x: spacing * (Double(i) + 0.5), y: -5, key: key,
                verifier: verifier, processor: VerificationProcessor(capacity: scenario.security.queueCapacity)))
            _ = self.medium.addFixedReceiver(x: self.rsus[i].x, y: self.rsus[i].y)
        }
        self.admitNewVehicles()
        self.rebuildIndex()
    }

    /// Runs to the scenario's duration.
    ///
    /// - Parameters:
    ///   - recorder: the sink rows go to (a `TraceRecorder` decides itself which reception rows it keeps);
    ///     nil runs without a trace (benchmarks).
    ///   - progress: called now and then with the simulated time reached.
    /// - Returns: the summary.
    /// - Throws: errors from the trace recorder only.
    public func run(recorder: TraceSink?, progress: ((SimTime) -> Void)? = nil) throws -> RunSummary {
        self.recorder = recorder
        try self.start()
        return try self.runEvents(until: self.scenario.duration, progress: progress)
    }

    /// The first events of a run from time 0.
    func start() throws {
        self.queue.schedule(.trafficStep, at: self.scenario.step, phase: .move)
        self.queue.schedule(.recordVehicles, at: .zero, phase: .record)
        try self.startRSUNetwork()
        self.nextCheckpoint = self.scenario.record.checkpointInterval
    }

    /// The event loop, from the state as it stands to `end`; a checkpoint is written before the first
    /// event at or after each checkpoint instant (Simulation+Checkpoint.swift).
    func runEvents(until end: SimTime, progress: ((SimTime) -> Void)?) throws -> RunSummary {
        var processed = 0
        while let time = self.queue.nextTime, time <= end {
            if let due = self.nextCheckpoint, time >= due { try self.writeCheckpoints(before: time) }
            let entry = self.queue.pop()!
            self.now = entry.time
            try self.handle(entry.payload)
            try self.recordFinishedSeconds()
            processed += 1
            if processed & 0x3FFF == 0 { progress?(self.now) }
        }
        progress?(end)
        // Prefetched checks still running would be missing from the summary's call count.
        self.memo.drain()
        self.digestLog.closeSecond(running: self.eventDigest)
        try self.recordFinishedSeconds()
        return self.summary()
    }

    private func handle(_ event: SimulationEvent) throws {
        switch event {
        case .trafficStep: try self.trafficStep()
        case .recordVehicles: try self.recordVehicles()
        case let .beacon(id): try self.sendBeacon(from: id)
        case let .frameEnd(transmission): try self.deliver(transmission)
        case let .frameReady(id): self.frameReady(id)
        case let .mediumIdle(id, token): self.mediumIdle(id, token: token)
        case let .accessEnd(id, token): try self.accessEnd(id, token: token)
        case let .rsuNetwork(event): try self.rsuNetworkEventDue(event)
        case let .uplinkSend(id): try self.sendUplinkFrame(id)
        case let .uplinkFrameReady(id): self.uplinkFrameReady(id)
        case let .falseHazardWarning(id): try self.sendFalseHazardWarning(from: id)
        }
    }

    // MARK: Traffic

    /// One traffic step in three phases: (a) every vehicle perceives from the world as it stands,
    /// which nothing mutates meanwhile (Simulation+Perception.swift); (b) all vehicles decide in
    /// one batch (each learned policy once over its vehicles, Simulation+Policy.swift; the world
    /// for the expert and MOBIL); (c) the world applies the decisions and reports incidents.
    /// Traffic never calls back into the simulation.
    private func trafficStep() throws {
        let freshness = self.scenario.security.freshness
        // Moved out for the step, so that filling it costs no exclusivity check on `self`.
        var tick = TrafficTickBuffers()
        swap(&tick, &self.tick)
        self.world.beginStep(dt: self.scenario.step, now: self.now)
        self.perceiveAll(&tick)
        try self.decideLearned(&tick)
        self.world.decide(truth: tick.truth, perceptions: tick.perceptions, learned: tick.learned, into: &tick.decisions)
        try self.noteShieldedDecisions(tick)
        self.labelExpertRollout(tick)
        let incidents = self.world.apply(tick.decisions, dt: self.scenario.step, now: self.now)
        self.drivingObserver?.observe(self.world, dt: self.scenario.step)
        swap(&tick, &self.tick)
        for incident in incidents {
            self.metrics.incidents[incident.kind, default: 0] += 1
            self.digest(tag: 4, incident.time.nanoseconds, Int64(incident.vehicle.raw), Int64(incident.other?.raw ?? .max))
            try self.recorder?.record(IncidentRow(
                time: incident.time, kind: incident.kind.rawValue, vehicleA: incident.vehicle.raw,
                vehicleB: incident.other?.raw, value: incident.value, detail: Self.detail(of: incident)))
        }
        self.noteWarningResponses()
        self.sampleChannelBusy()
        try self.reportHazards()
        try self.retireDepartedAgents()
        self.admitNewVehicles()
        self.rebuildIndex()
        self.flushUplinks()
        for v in self.world.vehicles { self.agents[Int(v.id.raw)]?.forgetBeliefs(before: self.now - freshness) }
        try self.expireHeldMessages()
        self.expireHazardWarnings()
        self.reviewHazardBeliefs()
        self.queue.schedule(.trafficStep, at: self.now + self.scenario.step, phase: .move)
    }

    private static func detail(of incident: Incident) -> String {
        switch incident.kind {
        case .collision: return "overlap_m"
        case .nearMiss: return "ttc_s"
        case .hardBraking: return "decel_mps2"
        }
    }

    /// Bookkeeping after a traffic step for drivers whose decision a warning changed (slowed for
    /// it, or asked to leave its lane): what true warnings bought and what false ones cost.
    private func noteWarningResponses() {
        for response in self.world.warningResponses {
            guard let agent = self.agents[Int(response.vehicle.raw)], agent.hazards.indices.contains(Int(response.tag))
            else { continue }
            let belief = agent.hazards[Int(response.tag)]
            if belief.isFalse {
                self.hazardChecks.governedByFalse.append(Int(response.vehicle.raw))
            } else {
                self.metrics.hazardWarnings.acted(vehicle: response.vehicle.raw, hazard: belief.warning.hazardID)
            }
        }
    }

    private func recordVehicles() throws {
        if let recorder = self.recorder {
            let road = self.world.highway
            for v in self.world.vehicles {
                let point = road.point(position: v.position, lane: v.lateralLane)
                try recorder.record(VehicleRow(
                    time: self.now, vehicleID: v.id.raw, x: point.x, y: point.y,
                    angleDeg: road.headingDegrees(position: v.position), speed: v.speed, accel: v.acceleration,
                    lane: v.reportedLane, policy: self.world.groups[v.group].policy, type: self.world.groups[v.group].type,
                    pos: v.position))
            }
        }
        self.queue.schedule(.recordVehicles, at: self.now + self.scenario.record.fcdInterval, phase: .record)
    }

    /// Gives every vehicle that entered the road keys, a pseudonym certificate and a first beacon.
    private func admitNewVehicles() {
        let first = self.agents.count
        guard self.world.spawnedCount > first else { return }
        self.channel?.grow(to: self.world.spawnedCount)
        self.detection.grow(to: self.world.spawnedCount)
        for raw in first..<self.world.spawnedCount {
            let id = VehicleID(UInt32(raw))
            let key = self.pseudonymKey(vehicle: raw, index: 0)
            let certificate = self.issuePseudonym(key, owner: raw)
            var verifier = StationVerifier(config: self.scenario.security, trustedCA: self.ca.verifyingKey, caDigest: self.ca.digest)
            verifier.revocations = self.revocations
            let agent = VehicleAgent(station: VehicleStation(
                vehicle: UInt32(raw), key: key, certificate: certificate, verifier: verifier, admittedAt: self.now,
                nextPseudonymChange: self.firstPseudonymChange(vehicle: raw), attack: self.attackState(vehicle: raw)))
            if let attack = agent.attack {
                self.attackerTypes.append(attack.type)
                self.attackerVehicles.append((raw, attack.type))
                if attack.type == .fakeHazard {
                    self.queue.schedule(.falseHazardWarning(id), at: max(self.now, attack.start), phase: .broadcast)
                }
            }
            agent.station.useDetector(self.policies.detector, collectingFeatures: self.detectorSamples != nil)
            self.agents.append(agent)
            let group = self.world.vehicles.first { $0.id == id }?.group ?? 0
            self.register(vehicle: raw, certificate: certificate.digest, group: group)
            // Beacons start at a random phase within one period so that vehicles do not all transmit at once.
            var phase = RandomStream.derived(seed: self.scenario.seed, component: "beacon-phase", entity: UInt64(raw))
            let offset = SimTime(nanoseconds: Int64(phase.integer(below: UInt64(self.beaconPeriod.nanoseconds))))
            if self.scenario.beacons.enabled { self.queue.schedule(.beacon(id), at: self.now + offset, phase: .broadcast) }
        }
    }

    private func retireDepartedAgents() throws {
        var onRoad = [Bool](repeating: false, count: self.agents.count)
        // Vehicles that entered this step have no agent yet; `admitNewVehicles` comes next.
        for v in self.world.vehicles where Int(v.id.raw) < onRoad.count { onRoad[Int(v.id.raw)] = true }
        var gone: [UInt32] = []
        for raw in self.agents.indices where !onRoad[raw] && self.agents[raw] != nil {
            try self.flushHold(of: raw)
            gone.append(self.agents[raw]!.stationID)
            self.agents[raw] = nil
        }
        guard !gone.isEmpty else { return }
        // The traffic model no longer has a vehicle that took the off-ramp or passed the road's end,
        // so nobody may keep following its last beacons, extrapolated along a lane it has left: a
        // phantom leader there made drivers brake hard and refuse safe lane changes. (Its last
        // beacons would have shown it leave: onto the ramp, or beyond the simulated road.)
        for raw in self.agents.indices where self.agents[raw] != nil {
            for station in gone { self.agents[raw]!.station.forget(station: station) }
        }
    }

    /// After a traffic step: where each vehicle is now (`vehicleIndex`), and the medium's stations:
    /// every vehicle on the road, at the centre of the lane it is in.
    private func rebuildIndex() {
        // Both buffers are reused from step to step and moved into locals while they are filled, so
        // that a step allocates nothing for them and no element costs an exclusivity check on `self`;
        // the road and the vehicles are read from local copies for the same reason (reading
        // `self.world.highway` per vehicle copied the road, retains included, every time).
        var index: [Int?] = []
        var positions: [StationPosition] = []
        swap(&index, &self.vehicleIndex)
        swap(&positions, &self.stationPositions)
        index.removeAll(keepingCapacity: true)
        index.append(contentsOf: repeatElement(nil, count: self.world.spawnedCount))
        positions.removeAll(keepingCapacity: true)
        let road = self.world.highway
        let vehicles = self.world.vehicles
        for (i, v) in vehicles.enumerated() {
            index[Int(v.id.raw)] = i
            let point = road.point(position: v.position, lane: v.lateralLane)
            positions.append(StationPosition(station: Int(v.id.raw), x: point.x, y: point.y))
        }
        self.medium.updateStations(positions)
        swap(&index, &self.vehicleIndex)
        swap(&positions, &self.stationPositions)
    }

    // MARK: Event digest

    /// Folds one event into the run's digest: a fingerprint of the event stream that a replay can
    /// compare. The bytes are the tag, then each value as 8 little-endian bytes.
    func digest(tag: UInt8, _ a: Int64, _ b: Int64, _ c: Int64) {
        self.digest(tag: tag, a, b, c, nil)
    }

    /// `digest(tag:_:_:_:)` with four values.
    func digest(tag: UInt8, _ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) {
        self.digest(tag: tag, a, b, c, Optional(d))
    }

    /// One reused buffer (this runs for every reception and radio loss, millions per run), moved into
    /// a local while it is filled so that each byte costs no exclusivity check; fixed arities rather
    /// than a variadic list, which allocated an array per call.
    private func digest(tag: UInt8, _ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64?) {
        var bytes: [UInt8] = []
        swap(&bytes, &self.digestScratch)
        bytes.removeAll(keepingCapacity: true)
        bytes.append(tag)
        Self.appendLittleEndian(a, to: &bytes)
        Self.appendLittleEndian(b, to: &bytes)
        Self.appendLittleEndian(c, to: &bytes)
        if let d { Self.appendLittleEndian(d, to: &bytes) }
        let kind = DigestedEventKind(tag: tag)
        if self.digestLog.endsSecond(at: self.now) { self.digestLog.closeSecond(running: self.eventDigest) }
        self.eventDigest.update(bytes)
        self.digestLog.fold(kind: kind, at: self.now, bytes)
        swap(&bytes, &self.digestScratch)
    }

    /// Folds a message's or block's digest bytes into the run's digest (as `digest(tag:_:)` does for the rest).
    func digest(_ kind: DigestedEventKind, bytes: [UInt8]) {
        if self.digestLog.endsSecond(at: self.now) { self.digestLog.closeSecond(running: self.eventDigest) }
        self.eventDigest.update(bytes)
        self.digestLog.fold(kind: kind, at: self.now, bytes)
    }

    /// Hands the per-second event digests of seconds that ended to the trace (after each event, so that
    /// the digest calls deep in the radio and ledger code need not throw).
    func recordFinishedSeconds() throws {
        guard self.digestLog.hasFinishedSeconds else { return }
        for row in self.digestLog.takeFinishedSeconds() { try self.recorder?.record(row) }
    }

    @inline(__always)
    private static func appendLittleEndian(_ value: Int64, to bytes: inout [UInt8]) {
        let bits = UInt64(bitPattern: value)
        for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * k))) }
    }

    /// Entries the signature memo keeps: a second of beacons from a road full of stations (one per
    /// 10 m of lane), so that a frame's verdict outlives its receptions, RSU checks and a hold of up
    /// to a second. A fixed 16 384 was a sixth of a second at 10 000 vehicles, and the evicted
    /// verdicts were checked again with libsodium (582 364 real checks in 3 s of bench-10000
    /// instead of one per frame). Bounded whatever the scenario says (at most 2²⁰ entries).
    static func memoCapacity(for scenario: Scenario) -> Int {
        let stations = scenario.road.length * Double(scenario.road.lanes + 1) / 10
        let entries = stations * max(scenario.beacons.rate, 1)
        guard entries.isFinite else { return 1 << 20 }
        return min(1 << 20, max(16_384, Int(entries)))
    }

    // MARK: Summary

    func summary() -> RunSummary {
        let digest = self.eventDigest.finalize()
        let m = self.metrics
        let detection = self.detectionSummary()
        let ledger = self.rsuNetwork.stats
        var summary = RunSummary(
            scenarioName: self.scenario.name, seed: self.scenario.seed, simulatedDuration: self.scenario.duration,
            vehiclesSpawned: self.world.spawnedCount, vehiclesAtEnd: self.world.vehicles.count, rsus: self.rsus.count,
            messagesSent: m.messagesSent, certificatesSent: m.certificatesSent,
            vehicleReceptions: m.vehicleReceptions, rsuReceptions: m.rsuReceptions,
            accepted: m.accepted, unchecked: m.unchecked,
            rejectedByReason: m.rejected.sorted { $0.key < $1.key }.map { ($0.key.rawValue, $0.value) },
            actedOn: m.actedOn,
            latencyP50: m.latencyPercentile(50), latencyP95: m.latencyPercentile(95),
            latencyP99: m.latencyPercentile(99), latencyMax: m.latency.totalCount > 0 ? Double(m.latency.max) / 1_000 : nil,
            blocksFinal: ledger.blocksFinal, leavesAnchored: ledger.leavesAnchored,
            meanAnchoringLatencyMs: ledger.leavesAnchored > 0
                ? ledger.anchoringLatencyTotal.milliseconds / Double(ledger.leavesAnchored) : nil,
            mempoolDrops: ledger.mempoolDropped,
            incidents: m.incidents.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, $0.value) },
            signCalls: CryptoCallCounter.signCalls - self.signCallsAtStart,
            verifyCalls: CryptoCallCounter.verifyCalls - self.verifyCallsAtStart,
            memoHits: self.memo.hits, eventDigest: digest.hex, caPublicKey: self.ca.verifyingKey.hex,
            rsuPublicKeys: self.rsus.map(\.key.verifyingKey.hex), stages: m.stages.summary,
            queueOverflows: m.queueOverflows, pseudonymChanges: m.pseudonymChanges,
            certificatesRevoked: self.revocations.count, attacks: self.attackSummary(),
            detection: detection.types, detectionTotals: detection.totals,
            hazardWarnings: RunSummary.HazardWarnings(
                sent: m.hazardWarnings.sent, accepted: m.hazardWarnings.accepted,
                actedBeforeSensing: m.hazardWarnings.actedBeforeSensing),
            radio: self.radioSummary())
        summary.ledger = self.ledgerSummary()
        summary.falseHazards = self.falseHazardSummary()
        summary.shield = m.shield
        summary.certificates = self.certificateDistributionSummary()
        return summary
    }
}
