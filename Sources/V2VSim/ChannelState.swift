import Radio
import SimKernel
import Traffic
import V2VCrypto
import V2X

/// A signed frame waiting for the medium (physical radio models only).
struct OutgoingFrame: Codable {
    let sender: VehicleID
    let x: Double
    let y: Double
    let envelope: SignedEnvelope
    let signer: SignerIdentifier
    let publicKey: VerifyingKey
    let generated: SimTime
    let signed: SimTime
    /// Ground truth: the attacker behaviour that produced the frame, nil for an honest one.
    var attacker: String? = nil
}

/// The driver's side of a physical channel: the frames themselves (envelopes, ground truth) while
/// the `RadioMedium` decides when they go on air. The medium only knows their tags.
struct ChannelState: Codable {
    /// Frames being signed (ready for the MAC at their `signed` time), per vehicle (`VehicleID.raw`).
    var staged: [OutgoingFrame?] = []
    /// The frame in each vehicle's one-frame MAC queue, while the medium holds its tag.
    var queued: [OutgoingFrame?] = []
    /// The same two for each vehicle's uplink frame (medium tag `Simulation.uplinkTag`).
    var uplinkStaged: [OutgoingFrame?] = []
    var uplinkQueued: [OutgoingFrame?] = []

    /// Adds per-vehicle slots for vehicle ids up to `count - 1`.
    mutating func grow(to count: Int) {
        while self.staged.count < count {
            self.staged.append(nil)
            self.queued.append(nil)
            self.uplinkStaged.append(nil)
            self.uplinkQueued.append(nil)
        }
    }
}
