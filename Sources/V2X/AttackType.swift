/// Attacker behaviours: the 19 insider types of VeReMi Extension / F2MD with their numbers and
/// names (Kamel et al., ICC 2020; `veins-f2md` `MDAttack.cc`), and three outsider types that only
/// cryptography stops, and an insider that sends false hazard warnings. Numbers 20–23 are
/// v2vsim's own, not F2MD's; 0 is genuine.
public enum AttackType: Int, Hashable, Sendable, CaseIterable, Comparable, Codable {
    case constPos = 1
    case constPosOffset = 2
    case randomPos = 3
    case randomPosOffset = 4
    case constSpeed = 5
    case constSpeedOffset = 6
    case randomSpeed = 7
    case randomSpeedOffset = 8
    case eventualStop = 9
    case disruptive = 10
    case dataReplay = 11
    case delayedMessages = 12
    case dos = 13
    case dosRandom = 14
    case dosDisruptive = 15
    case gridSybil = 16
    case dataReplaySybil = 17
    case dosRandomSybil = 18
    case dosDisruptiveSybil = 19
    /// Outsider: signs with its own key under a certificate captured from a neighbour.
    case forgedSignature = 20
    /// Outsider: re-sends captured frames with the payload altered and the original signature.
    case tamperedInFlight = 21
    /// Outsider: re-sends captured frames verbatim, later.
    case replayCaptured = 22
    /// Insider (v2vsim's own, not F2MD's): beacons stay genuine, but from its start it repeats
    /// signed DENM hazard warnings about a stopped vehicle that does not exist, ahead of itself.
    case fakeHazard = 23

    public static func < (lhs: AttackType, rhs: AttackType) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The F2MD name (v2vsim's own for the outsiders), as scenarios and the trace write it.
    public var name: String {
        switch self {
        case .constPos: "ConstPos"
        case .constPosOffset: "ConstPosOffset"
        case .randomPos: "RandomPos"
        case .randomPosOffset: "RandomPosOffset"
        case .constSpeed: "ConstSpeed"
        case .constSpeedOffset: "ConstSpeedOffset"
        case .randomSpeed: "RandomSpeed"
        case .randomSpeedOffset: "RandomSpeedOffset"
        case .eventualStop: "EventualStop"
        case .disruptive: "Disruptive"
        case .dataReplay: "DataReplay"
        case .delayedMessages: "DelayedMessages"
        case .dos: "DoS"
        case .dosRandom: "DoSRandom"
        case .dosDisruptive: "DoSDisruptive"
        case .gridSybil: "GridSybil"
        case .dataReplaySybil: "DataReplaySybil"
        case .dosRandomSybil: "DoSRandomSybil"
        case .dosDisruptiveSybil: "DoSDisruptiveSybil"
        case .forgedSignature: "ForgedSignature"
        case .tamperedInFlight: "TamperedInFlight"
        case .replayCaptured: "ReplayCaptured"
        case .fakeHazard: "FakeHazard"
        }
    }

    /// The type named `name` (exact spelling), if any.
    public init?(name: String) {
        guard let type = AttackType.allCases.first(where: { $0.name == name }) else { return nil }
        self = type
    }

    /// Outsiders have no credentials of their own and send no genuine beacons.
    public var isOutsider: Bool { (20...22).contains(self.rawValue) }

    /// Whether the attack replaces the genuine beacon (CAM) with a manipulated one; FakeHazard
    /// lies only in its DENMs and keeps its CAMs true, which is what makes it credible.
    public var replacesBeacons: Bool { self != .fakeHazard }

    /// Beacons per genuine beacon period: 4 for the DoS types (F2MD `AttackDoSInterval`), own + 5
    /// ghosts for GridSybil.
    public var rateMultiplier: Int {
        switch self {
        case .dos, .dosRandom, .dosDisruptive, .dosRandomSybil, .dosDisruptiveSybil: 4
        case .gridSybil: AttackerBehaviour.gridSybilGhosts + 1
        default: 1
        }
    }
}
