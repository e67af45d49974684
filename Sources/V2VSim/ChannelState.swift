import Radio
import SimKernel
import Traffic
import V2VCrypto
import V2X

/// A signed frame waiting for the medium (physical radio models only).
struct OutgoingFrame {
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

/// A frame that is or was recently on air, for interference and half-duplex checks.
struct AirFrame {
    let messageID: UInt64
    let senderRaw: Int
    let x: Double
    let y: Double
    let start: SimTime
    let end: SimTime
}

/// Channel state of a run with a physical radio model: per-station CSMA/CA, pending frames,
/// frames on air and the random streams of backoff and fading.
struct ChannelState {
    let budget: LinkBudget
    let aifs: SimTime
    let cwMin: Int
    /// Per vehicle (by `VehicleID.raw`).
    var access: [ChannelAccess] = []
    /// Frames being signed (ready at their `signed` time).
    var staged: [OutgoingFrame?] = []
    /// Frames contending for the medium.
    var pending: [OutgoingFrame?] = []
    var backoffStreams: [RandomStream] = []
    var fadingStreams: [RandomStream] = []
    /// Busy time at the last CBR sample, per vehicle.
    var busyAtLastSample: [SimTime] = []
    /// Reactive DCC: each vehicle's least beacon interval, from its last CBR sample.
    var dccInterval: [SimTime] = []
    /// Frames whose end lies within `longestAirtime` of now (older ones can no longer overlap).
    var onAir: [AirFrame] = []
    var longestAirtime: SimTime = .zero

    init(config: RadioConfig) {
        self.budget = LinkBudget(config)
        self.aifs = MACTiming.aifs(config.accessCategory)
        self.cwMin = config.accessCategory.cwMin
    }

    /// Adds per-vehicle state for vehicle ids up to `count - 1`.
    mutating func grow(to count: Int, seed: UInt64) {
        while self.access.count < count {
            let raw = UInt64(self.access.count)
            self.access.append(ChannelAccess())
            self.pending.append(nil)
            self.staged.append(nil)
            self.backoffStreams.append(RandomStream.derived(seed: seed, component: "mac-backoff", entity: raw))
            self.fadingStreams.append(RandomStream.derived(seed: seed, component: "fading", entity: raw))
            self.busyAtLastSample.append(.zero)
            self.dccInterval.append(ReactiveDCC.interval(.relaxed))
        }
    }

    /// Drops frames that ended too long ago to overlap anything still to be delivered.
    mutating func prune(now: SimTime) {
        let horizon = now - self.longestAirtime - .milliseconds(1)
        if let first = self.onAir.firstIndex(where: { $0.end >= horizon }), first > 0 {
            self.onAir.removeFirst(first)
        } else if self.onAir.last.map({ $0.end < horizon }) ?? false {
            self.onAir.removeAll(keepingCapacity: true)
        }
    }
}
