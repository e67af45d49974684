import SimKernel
import Traffic
import V2VCrypto
import V2X

/// Pseudonym certificates: issue at admission and change on the scenario's schedule.
///
/// A change replaces key, certificate and station id at once (ETSI TR 103 415: change every
/// identifier together) and sends the next beacon with the full certificate, since no neighbour
/// knows the new digest. The first change falls at a per-vehicle random phase within one period,
/// so vehicles do not all change in the same instant.
extension Simulation {
    /// The key of a vehicle's `index`-th pseudonym. Index 0 keeps the historical derivation.
    func pseudonymKey(vehicle raw: Int, index: Int) -> SigningKey {
        var stream = index == 0
            ? RandomStream.derived(seed: self.scenario.seed, component: "vehicle-key", entity: UInt64(raw))
            : RandomStream.derived(seed: self.scenario.seed, component: "pseudonym-key", entity: UInt64(raw) << 20 | UInt64(index))
        // A 32-byte seed always has the right length.
        return try! SigningKey(seed: stream.bytes32())
    }

    /// A pseudonym certificate for `key`, valid from now.
    func issuePseudonym(_ key: SigningKey, owner raw: Int) -> Certificate {
        let until = self.scenario.security.certificateLifetime.map { self.now + $0 }
            ?? self.scenario.duration + .seconds(3600)
        let certificate = self.ca.issue(subject: key.verifyingKey, validFrom: self.now, validUntil: until)
        self.detection.owner[certificate.digest] = raw
        return certificate
    }

    /// When a newly admitted vehicle changes pseudonym first, or nil without a schedule.
    func firstPseudonymChange(vehicle raw: Int) -> SimTime? {
        guard let period = self.scenario.security.pseudonymPeriod else { return nil }
        var phase = RandomStream.derived(seed: self.scenario.seed, component: "pseudonym-phase", entity: UInt64(raw))
        return self.now + SimTime(nanoseconds: Int64(phase.integer(below: UInt64(period.nanoseconds))) + 1)
    }

    /// Changes the vehicle's pseudonym when its station's schedule says it is due: the station
    /// takes the new credentials, the ledger gets the registration.
    func changePseudonymIfDue(vehicle raw: Int) {
        guard let station = self.agents[raw]?.station, let due = station.nextPseudonymChange, self.now >= due,
              let period = self.scenario.security.pseudonymPeriod else { return }
        let key = self.pseudonymKey(vehicle: raw, index: station.pseudonymIndex + 1)
        let certificate = self.issuePseudonym(key, owner: raw)
        station.adoptPseudonym(key: key, certificate: certificate, nextChange: due + period)
        self.metrics.pseudonymChanges += 1
        if let index = self.vehicleIndex.indices.contains(raw) ? self.vehicleIndex[raw] : nil {
            self.register(vehicle: raw, certificate: certificate.digest, group: self.world.vehicles[index].group)
        }
    }
}
