import SimKernel
import V2X

/// A frame that stations' pending-certificate holds wait on, and how many of them do.
struct HeldFrame: Codable {
    let transmission: Transmission
    var holders: Int
}

/// The simulation's side of the stations' pending-certificate holds: it keeps each held frame
/// (its ground truth and times) until the last station that holds it has decided, then records
/// that station's reception as if it had been decided on arrival, with the real decision time.
extension Simulation {
    /// A station put `tx` in its hold.
    func hold(_ tx: Transmission) {
        self.metrics.certificateDistribution.held += 1
        self.heldFrames[tx.messageID, default: HeldFrame(transmission: tx, holders: 0)].holders += 1
    }

    /// Records the final verdicts on messages that `agent`'s station held, in the order it decided them.
    func record(_ resolved: [HeldVerdict], at agent: VehicleAgent) throws {
        for held in resolved {
            self.metrics.certificateDistribution.noteLeft(held)
            let id = held.ticket.message
            guard var frame = self.heldFrames[id] else {
                preconditionFailure("station \(agent.id.raw) decided held message \(id), which no hold waits on")
            }
            try self.record(
                held.verdict, of: frame.transmission, at: agent, arrival: held.arrival, distance: held.ticket.distance)
            frame.holders -= 1
            self.heldFrames[id] = frame.holders > 0 ? frame : nil
        }
    }

    /// Rejects, in every station, the held messages whose hold time has run out (once per traffic step).
    func expireHeldMessages() throws {
        guard !self.heldFrames.isEmpty else { return }
        for raw in self.agents.indices {
            guard let agent = self.agents[raw], agent.station.heldCount > 0 else { continue }
            try self.record(agent.station.expireHeld(at: self.now), at: agent)
        }
    }

    /// Rejects everything vehicle `raw`'s station still holds: the vehicle leaves the road.
    func flushHold(of raw: Int) throws {
        guard let agent = self.agents[raw], agent.station.heldCount > 0 else { return }
        try self.record(agent.station.expireAllHeld(at: self.now), at: agent)
    }

    /// Messages still held when the run ended (neither resolved nor rejected yet).
    var heldAtEnd: Int { self.heldFrames.values.reduce(0) { $0 + $1.holders } }
}
