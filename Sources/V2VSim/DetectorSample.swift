import Traffic
import V2X

/// One labelled reception for training the learned detector: a CAM's `DetectorFeatures` as its
/// receiver computed them, whether the frame was an attack (ground truth from the sender), and the
/// two vehicles, which only the train/test split reads (they are never features).
public struct DetectorSample: Sendable, Equatable {
    /// `DetectorFeatures.count` values in [0, 1].
    public var features: [Double]
    /// The insider attack that produced the frame; nil for a genuine frame.
    public var attack: AttackType?
    /// The sending and the receiving vehicle (raw vehicle numbers of their run).
    public var sender: UInt32
    public var receiver: UInt32

    public init(features: [Double], attack: AttackType?, sender: UInt32, receiver: UInt32) {
        self.features = features
        self.attack = attack
        self.sender = sender
        self.receiver = receiver
    }

    /// Whether the frame was an attack (the training label).
    public var isAttack: Bool { self.attack != nil }
}

extension Simulation {
    /// Makes the run keep a `DetectorSample` of every CAM that reached the plausibility checks of a
    /// vehicle, from genuine senders and insider attackers (outsiders' frames are judged by the
    /// cryptographic checks, not by plausibility). Call before `run`; read `detectorSamples` after.
    /// Collecting changes nothing in the run itself.
    public func collectDetectorSamples() {
        self.detectorSamples = []
        for agent in self.agents.compactMap({ $0 }) {
            agent.station.useDetector(self.policies.detector, collectingFeatures: true)
        }
    }

    /// Keeps the verdict's sample, when samples are collected and the verdict has features.
    func collectSample(_ verdict: ReceptionVerdict, label attack: AttackType?, sender: VehicleID, receiver: Int) {
        guard self.detectorSamples != nil, let features = verdict.detectorFeatures, attack?.isOutsider != true else { return }
        self.detectorSamples!.append(
            DetectorSample(features: features, attack: attack, sender: sender.raw, receiver: UInt32(receiver)))
    }
}
