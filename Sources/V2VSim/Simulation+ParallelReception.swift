import Dispatch
import Radio
import SimKernel
import Traffic
import V2X

/// Deciding a frame's receptions on several threads, with results applied in serial order.
///
/// A frame end hands the frame to its decoded receivers one after the other. Each receiver's station
/// is its own state, and the frame's bytes, decoded envelope and the world are only read, so the
/// stations' `receive` calls (the verifier pipeline, plausibility checks, detector, neighbour
/// table) can run in any order and on any thread. Everything shared stays serial: the signature
/// memo is only read while the stations decide, each chunk's lookups are replayed into it afterwards
/// in chunk order (``SignatureMemo/replay(_:)``), and metrics, scoring, reports, the event digest
/// and the trace rows are applied by the calling thread in reception order, from the verdicts the
/// chunks produced. Traces, event digests and the memo's counts are therefore identical for any
/// thread count (`ThreadCountDeterminismTests`).
extension Simulation {
    /// Below this many decoded vehicle receivers a frame is decided on the calling thread: waking a
    /// worker costs about as much as a few receptions.
    static let parallelReceptionMinimum = 12

    /// Chunks per thread: more chunks than threads let a thread that finishes early take another
    /// (the machine is shared; a worker may be descheduled).
    static let chunksPerThread = 3

    /// The verdicts of `receptions`' vehicle receivers, decided in chunks on the run's threads,
    /// indexed like `receptions` (nil where the serial loop decides, or does not call a station).
    /// Empty when the frame is decided serially: one thread, too few receivers, or a frame that is
    /// not a decodable CAM (DENM checks consult the lazily built ground-truth view, uplink frames
    /// go to RSUs; both are rare).
    ///
    /// Only the vehicle receptions before the first RSU are taken (the medium lists stations
    /// first), so every memo lookup decided here precedes, in serial order, the RSUs' lookups, and
    /// replaying the chunks before the apply loop is exactly the serial order of memo changes.
    func decideInParallel(
        _ tx: Transmission, decoded: Result<SignedEnvelope, DecodeError>, receptions: [Reception]
    ) -> [ReceptionVerdict?] {
        guard self.receptionThreads > 1, case let .success(envelope) = decoded, envelope.type == .cam else { return [] }
        var work: [ReceptionChunks.Item] = []
        work.reserveCapacity(receptions.count)
        for (k, reception) in receptions.enumerated() {
            guard case let .station(raw) = reception.listener else { break }
            guard reception.outcome == .received, raw != Int(tx.sender.raw), let index = self.vehicleIndex[raw],
                let agent = self.agents[raw]
            else { continue }
            work.append(ReceptionChunks.Item(reception: k, agent: agent, vehicle: index))
        }
        guard work.count >= Self.parallelReceptionMinimum else { return [] }
        let chunks = min(work.count, self.receptionThreads * Self.chunksPerThread)
        while self.receptionLookups.count < chunks { self.receptionLookups.append(DeferredSignatureLookups(memo: self.memo)) }
        var verdicts = [ReceptionVerdict?](repeating: nil, count: receptions.count)
        let lookups = self.receptionLookups
        verdicts.withUnsafeMutableBufferPointer { out in
            let job = ReceptionChunks(
                tx: tx, decoded: decoded, receptions: receptions, work: work, road: self.world.highway,
                vehicles: self.world.vehicles, lookups: lookups, chunks: chunks, verdicts: out)
            DispatchQueue.concurrentPerform(iterations: chunks) { job.decide(chunk: $0) }
        }
        for chunk in 0..<chunks { self.memo.replay(lookups[chunk]) }
        self.framesDecidedInParallel += 1
        return verdicts
    }
}

/// One frame's receptions split into chunks for `DispatchQueue.concurrentPerform`.
///
/// `@unchecked Sendable` because it hands non-Sendable values (stations, the output buffer) to
/// other threads, which is sound here: each chunk calls `receive` only on its own receivers'
/// stations (a receiver appears once per frame), writes only its own slots of `verdicts` and its
/// own lookup log, and everything else it reaches (the decoded envelope, the road, the memo) is
/// only read until `concurrentPerform` has returned on the calling thread.
private struct ReceptionChunks: @unchecked Sendable {
    /// One receiver: its reception's index, its agent, and its index in `vehicles` (an index, not
    /// a copy of its state, which is a few hundred bytes).
    struct Item {
        let reception: Int
        let agent: VehicleAgent
        let vehicle: Int
    }

    let tx: Transmission
    let decoded: Result<SignedEnvelope, DecodeError>
    let receptions: [Reception]
    let work: [Item]
    let road: Highway
    let vehicles: [VehicleState]
    let lookups: [DeferredSignatureLookups]
    let chunks: Int
    let verdicts: UnsafeMutableBufferPointer<ReceptionVerdict?>

    /// Decides chunk `chunk`'s receivers, in their order, as `Simulation.receive` would.
    func decide(chunk: Int) {
        let range = (self.work.count * chunk / self.chunks)..<(self.work.count * (chunk + 1) / self.chunks)
        for item in self.work[range] {
            let distance = self.receptions[item.reception].distance
            let position = self.vehicles[item.vehicle].position
            let lane = self.vehicles[item.vehicle].lane
            let point = self.road.point(position: position, lane: self.vehicles[item.vehicle].lateralLane)
            let state = ReceiverState(position: position, lane: lane, x: point.x, y: point.y)
            self.verdicts[item.reception] = item.agent.station.receive(
                self.decoded, digest: self.tx.digest,
                arrival: self.tx.transmitEnd + Airtime.propagation(distance: distance), receiver: state,
                road: self.road, memo: self.lookups[chunk],
                sensor: { _ in preconditionFailure("a CAM consults no sensor") },
                ticket: HoldTicket(message: self.tx.messageID, distance: distance))
        }
    }
}
