import SimKernel

/// One entry of a scenario's `attackers` list: which vehicles attack, how, and from when.
public struct AttackerConfig: Hashable, Sendable, Codable {
    /// Which vehicles: listed by id, or each vehicle independently with a probability.
    public enum Selection: Hashable, Sendable, Codable {
        case vehicles([UInt32])
        case fraction(Double)
    }

    public var type: AttackType
    public var selection: Selection
    /// Attackers behave honestly before this time.
    public var start: SimTime
    /// ReplayCaptured: how old a captured frame is when it is sent again.
    public var replayDelay: SimTime
    /// FakeHazard: interval between repetitions of the false DENM (ETSI EN 302 637-3 repetition; 1 Hz).
    public var denmInterval: SimTime = .seconds(1)
    /// FakeHazard: how far ahead of the attacker's front bumper, in its lane, the invented stopped
    /// vehicle is placed when the attack starts [m]; the spot then stays put.
    public var hazardDistance: Double = 150

    public init(type: AttackType, selection: Selection, start: SimTime = .zero, replayDelay: SimTime = .seconds(1)) {
        self.type = type
        self.selection = selection
        self.start = start
        self.replayDelay = replayDelay
    }
}
