import Ledger
import SimKernel
import V2VCrypto
import V2X

/// Vehicles' leaves for the ledger: registrations when a vehicle takes a pseudonym, misbehaviour
/// reports when its checks fire. Each goes to the nearest working RSU in range (or waits in the
/// vehicle's bounded `LedgerUplink` queue), enters that RSU's mempool and is forwarded to the
/// other RSUs over the backhaul, as heard message digests are.
extension Simulation {
    /// Submits the registration of vehicle `raw`'s current pseudonym `certificate`.
    func register(vehicle raw: Int, certificate: CertificateDigest, group: Int) {
        let leaf = LedgerLeaf.registration(RegistrationLeaf(
            certificate: certificate.raw, model: self.policyModelDigests[group], time: self.now))
        self.submitToLedger(leaf, from: raw)
        // A learned detector is declared beside the driving model, so that the reports it makes can be
        // traced to a registered model version; the rule-based detector has a fixed, documented
        // identifier and writes no leaf, which leaves runs without `detection.model` as they were.
        if let detector = self.policies.detector {
            self.submitToLedger(.detectorRegistration(DetectorRegistrationLeaf(
                certificate: certificate.raw, detector: detector.digest, time: self.now)), from: raw)
        }
    }

    /// Hands `leaf` from vehicle `raw` to an RSU in range now, or queues it behind the vehicle's
    /// waiting leaves.
    func submitToLedger(_ leaf: LedgerLeaf, from raw: Int) {
        self.uplink.grow(to: raw + 1)
        self.uplink.submitted += 1
        if !self.uplink.hasWaiting(raw), let rsu = self.rsuInRange(ofVehicle: raw) {
            self.deliver(leaf, to: rsu)
        } else {
            self.uplink.enqueue(leaf, vehicle: raw)
        }
    }

    /// Retries every waiting queue, in vehicle id order; a vehicle that left the road loses its queue.
    func flushUplinks() {
        for raw in self.uplink.waiting {
            if self.agents.indices.contains(raw), self.agents[raw] == nil {
                self.uplink.dropped += self.uplink.takeAll(vehicle: raw).count
                continue
            }
            guard let rsu = self.rsuInRange(ofVehicle: raw) else { continue }
            for leaf in self.uplink.takeAll(vehicle: raw) { self.deliver(leaf, to: rsu) }
        }
    }

    /// The nearest RSU that is up and within `rsus.range` of vehicle `raw` (lowest index on a tie),
    /// or nil when there is none or the vehicle is not on the road.
    func rsuInRange(ofVehicle raw: Int) -> Int? {
        guard self.vehicleIndex.indices.contains(raw), self.vehicleIndex[raw] != nil else { return nil }
        // The medium holds the point `rebuildIndex` computed from the vehicle as it stands (the world
        // moves only in a traffic step, which ends with that rebuild): the same value, not recomputed
        // (on a ring that is a sine and a cosine per waiting vehicle per step).
        guard let p = self.medium.position(of: raw) else { return nil }
        let range = self.scenario.ledger.rsuRange
        var best: (index: Int, distance: Double)?
        for (i, rsu) in self.rsus.enumerated() where self.rsuNetwork.isUp(i) {
            let d = ((rsu.x - p.x) * (rsu.x - p.x) + (rsu.y - p.y) * (rsu.y - p.y)).squareRoot()
            if d <= range, d < best?.distance ?? .infinity { best = (i, d) }
        }
        return best?.index
    }

    /// RSU `i` takes `leaf` into its mempool and forwards it to the others.
    private func deliver(_ leaf: LedgerLeaf, to i: Int) {
        self.uplink.delivered += 1
        self.rsuAccepted(leaf, rsu: i, origin: nil, at: self.now)
        self.digest(tag: 8, Int64(leaf.kind.rawValue), Int64(i), self.now.nanoseconds)
    }
}
