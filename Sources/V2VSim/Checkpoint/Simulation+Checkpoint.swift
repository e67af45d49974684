import Scenario
import SimKernel
import Trace
import V2VCrypto
import V2X

extension Simulation {
    /// The run's state as it stands, in the checkpoint's canonical encoding with zero runs collapsed.
    ///
    /// Taken between events (every event before `now` handled, none after), the only moment when
    /// no local variable of the event loop holds state.
    ///
    /// The canonical parts are compressed one by one: zero-run coding of a concatenation may be
    /// written as the concatenation of the parts' codings (a run cut at a boundary is two runs,
    /// which expand to the same bytes), and no copy of the whole canonical encoding is made.
    func checkpointBlob() throws -> [UInt8] {
        try CheckpointEncoder.encodeParts(self.currentState()).reduce(into: []) { $0 += ZeroRunCoding.compress($1) }
    }

    func currentState() -> SimulationState {
        SimulationState(
            now: self.now, queue: self.queue, world: self.world,
            rsuVerifiers: self.rsus.map(\.verifier), rsuProcessors: self.rsus.map(\.processor),
            agents: self.agents.map { $0.map { SimulationState.VehicleAgentState(station: $0.station, falseHazards: $0.falseHazards) } },
            vehicleIndex: self.vehicleIndex, stationPositions: self.stationPositions, medium: self.medium,
            channel: self.channel, revocations: self.revocations.entries, detection: self.detection,
            attackerTypes: self.attackerTypes,
            attackerVehicles: self.attackerVehicles.map { SimulationState.AttackerVehicle(raw: $0.raw, type: $0.type) },
            metrics: self.metrics, eventDigest: self.eventDigest, digestLog: self.digestLog,
            reportedHazards: self.reportedHazards, lastHazardWarning: self.lastHazardWarning,
            hazardChecks: self.hazardChecks, inFlight: self.inFlight, heldFrames: self.heldFrames,
            nextMessageID: self.nextMessageID,
            rsuNetwork: self.rsuNetwork, uplink: self.uplink)
    }

    /// Replaces the run's state with a checkpoint's.
    ///
    /// - Throws: ``CheckpointDecodingError`` when the blob is corrupt, truncated or does not fit this
    ///   scenario (another RSU count, for instance); the simulation is then unchanged.
    func restore(fromCheckpoint blob: [UInt8]) throws {
        let state = try CheckpointDecoder.decode(SimulationState.self, from: try ZeroRunCoding.expand(blob))
        guard state.rsuVerifiers.count == self.rsus.count, state.rsuProcessors.count == self.rsus.count else {
            throw CheckpointDecodingError(
                offset: 0, field: "rsuVerifiers",
                problem: "the checkpoint has \(state.rsuVerifiers.count) RSUs, the scenario \(self.rsus.count)")
        }
        self.now = state.now
        self.queue = state.queue
        self.world = state.world
        self.revocations.replace(with: state.revocations)
        for i in self.rsus.indices {
            self.rsus[i].verifier = state.rsuVerifiers[i]
            self.rsus[i].verifier.revocations = self.revocations
            self.rsus[i].processor = state.rsuProcessors[i]
        }
        self.agents = state.agents.map { saved in
            saved.map { saved in
                saved.station.linkRevocations(self.revocations)
                saved.station.useDetector(self.policies.detector, collectingFeatures: self.detectorSamples != nil)
                let agent = VehicleAgent(station: saved.station)
                agent.falseHazards = saved.falseHazards
                return agent
            }
        }
        self.vehicleIndex = state.vehicleIndex
        self.stationPositions = state.stationPositions
        self.medium = state.medium
        self.channel = state.channel
        self.detection = state.detection
        self.attackerTypes = state.attackerTypes
        self.attackerVehicles = state.attackerVehicles.map { ($0.raw, $0.type) }
        self.metrics = state.metrics
        self.eventDigest = state.eventDigest
        self.digestLog = state.digestLog
        self.reportedHazards = state.reportedHazards
        self.lastHazardWarning = state.lastHazardWarning
        self.hazardChecks = state.hazardChecks
        self.inFlight = state.inFlight
        self.heldFrames = state.heldFrames
        self.nextMessageID = state.nextMessageID
        self.rsuNetwork = state.rsuNetwork
        self.uplink = state.uplink
    }
}

extension Simulation {
    /// Why a checkpoint cannot be resumed: which checkpoint, and what is wrong with it.
    public struct ResumeFailure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// A run that continues from `checkpoint` exactly as the recorded run did after it: same events,
    /// same event digests, same rows. Only ``resume(recorder:until:progress:)`` may run it.
    ///
    /// - Parameters:
    ///   - checkpoint: a checkpoint of a run of `scenario` (the trace's own `scenario_text`), written
    ///     by this program version.
    ///   - scenario: the recorded scenario, or a what-if variant of it whose changes take effect at the
    ///     checkpoint (``applyMidRunChanges(from:)`` says which fields those can be).
    ///   - policies: the scenario's weights files.
    /// - Throws: ``ResumeFailure`` naming the checkpoint's time when its blob is damaged (length or
    ///   SHA-256 do not match), of another format version, or does not decode.
    public convenience init(resumingFrom checkpoint: CheckpointRow, scenario: Scenario, policies: LearnedPolicies = .none) throws {
        let at = "checkpoint at \(checkpoint.time) s"
        if let problem = checkpoint.integrityProblem { throw ResumeFailure(description: "\(at): \(problem)") }
        guard checkpoint.formatVersion == SimulationState.formatVersion else {
            throw ResumeFailure(description: "\(at): format version \(checkpoint.formatVersion), this build reads \(SimulationState.formatVersion)")
        }
        self.init(scenario: scenario, policies: policies)
        do {
            try self.restore(fromCheckpoint: checkpoint.blob)
        } catch let error as CheckpointDecodingError {
            throw ResumeFailure(description: "\(at): blob \(error)")
        }
        guard self.now < checkpoint.time else {
            throw ResumeFailure(description: "\(at): its state is at \(self.now) s, not before the checkpoint")
        }
        self.resumedAt = checkpoint.time
    }

    /// Runs a resumed simulation (``init(resumingFrom:scenario:policies:)``) from its checkpoint to `end`
    /// (at most the scenario's duration), writing rows and later checkpoints into `recorder`.
    ///
    /// - Returns: the summary at `end` (its counters cover the whole run, from time 0).
    /// - Throws: errors from the recorder.
    public func resume(recorder: TraceSink?, until end: SimTime, progress: ((SimTime) -> Void)? = nil) throws -> RunSummary {
        precondition(self.resumedAt != nil, "resume(recorder:until:) runs a simulation made by init(resumingFrom:)")
        self.recorder = recorder
        if let interval = self.scenario.record.checkpointInterval, let at = self.resumedAt {
            self.nextCheckpoint = at + interval
        }
        return try self.runEvents(until: min(end, self.scenario.duration), progress: progress)
    }

    /// Writes the checkpoint of every checkpoint instant up to `time` (the next event's): normally one;
    /// more when no event fell between instants, all with the same state.
    func writeCheckpoints(before time: SimTime) throws {
        guard let interval = self.scenario.record.checkpointInterval, var due = self.nextCheckpoint else { return }
        guard let recorder = self.recorder, recorder.keepsCheckpoints else {
            self.nextCheckpoint = nil
            return
        }
        let blob = try self.checkpointBlob()
        while due <= time {
            try recorder.record(CheckpointRow(time: due, formatVersion: SimulationState.formatVersion, blob: blob))
            due = due + interval
        }
        self.nextCheckpoint = due
    }
}

extension Simulation {
    /// Runs from time 0 to `end` (at most the scenario's duration) instead of to the duration.
    /// - Throws: errors from the recorder.
    public func run(recorder: TraceSink?, until end: SimTime) throws -> RunSummary {
        self.recorder = recorder
        try self.start()
        return try self.runEvents(until: min(end, self.scenario.duration), progress: nil)
    }
}

extension Simulation {
    /// After a restore, hands the scenario's security settings to every station and RSU verifier: a
    /// what-if's `security.verify` or detection thresholds then apply from the checkpoint on. For the
    /// recorded scenario it changes nothing (the stations hold those settings already).
    func applyMidRunChanges() {
        let security = self.scenario.security
        for i in self.rsus.indices { self.rsus[i].verifier.config = security }
        for agent in self.agents { agent?.station.adopt(security: security) }
    }
}
