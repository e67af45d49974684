import SimKernel

/// A station's state split into named parts, for measuring what a checkpoint spends its bytes on
/// (`Simulation.checkpointBreakdown()`). Only measurement uses it: a checkpoint encodes the
/// station whole, through its `Codable` conformance.
extension VehicleStation {
    /// Each part's name and value; together they are what the station's encoding holds.
    package func checkpointParts() -> [(name: String, value: any Encodable)] {
        let identity: [any Encodable] = [
            self.vehicle, self.config, self.key, self.certificate, self.stationID, self.pseudonymIndex,
            self.nextPseudonymChange, self.processor, self.lastCertificateSent, self.certificateRequested,
            self.admittedAt, self.lastSweep,
        ]
        return [("station: identity, keys, settings", identity.map(AnyCheckpointPart.init))]
            + self.verifier.checkpointParts().map { ("station: verifier \($0.name)", $0.value) }
            + [
                ("station: certificate distribution", self.distribution),
                ("station: pending-certificate hold", self.hold),
                ("station: heard stations", self.heardStations),
                ("station: attack", self.attack),
                ("station: neighbour table", self.neighbours),
                ("station: refused links", self.refusedLinks),
                ("station: sender histories (detection)", self.senders),
                ("station: recent claims (duplicate check)", self.recentClaims),
                ("station: reception load", self.load),
                ("station: hazard beliefs", self.hazards),
                ("station: refuted hazards", self.refutedHazards),
            ]
    }

    /// The digests of the certificates this station holds: its own and its verifier's cache.
    package var heldCertificateDigests: [CertificateDigest] {
        [self.certificate.digest] + self.verifier.cachedCertificateDigests
    }
}

/// An encodable of any type, so that unlike fields can be measured as one part.
package struct AnyCheckpointPart: Encodable {
    let value: any Encodable
    package init(_ value: any Encodable) { self.value = value }
    package func encode(to encoder: any Encoder) throws { try self.value.encode(to: encoder) }
}
