import SimKernel

/// What an insider attacker sends instead of its genuine beacon: content, under which identity,
/// and with which generation time.
public struct AttackEmission: Sendable {
    /// Which credentials sign the message.
    public enum Identity: Hashable, Sendable {
        /// The attacker's own current pseudonym.
        case own
        /// Ghost pseudonym number `n` (kept while the attack uses it).
        case ghost(Int)
        /// A new pseudonym for this message alone.
        case fresh
    }

    public var broadcast: SensorBroadcast
    public var identity: Identity
    public var generationTime: SimTime
    /// False when the frame is exactly the genuine beacon (own pseudonym, genuine content and time,
    /// normal rate): EventualStop before its trigger, a replay with nothing heard yet. Such a frame
    /// is not labelled an attack message, as VeReMi NextGen labels only manipulations that change
    /// something: no detector can tell it from the honest beacon it is.
    public var manipulated = true
}

/// One insider attacker's state and the F2MD definitions of its 19 types, with the default
/// magnitudes of F2MD v1 `AttackTypes.h` (see `docs/attacks.md`).
///
/// The playground (F2MD: 3900 × 1700 m) is the road's bounding box widened by 100 m on each side.
/// F2MD works with speed vectors; v2vsim's CAM carries a speed and a heading, so the speed types
/// send the magnitude of the manipulated vector along the genuine heading.
public struct AttackerBehaviour: Sendable, Codable {
    public static let posOffsetRange = 14.0...70.0
    public static let randomPosOffsetMax = 35.0
    public static let maxRandomSpeed = 40.0
    public static let speedOffsetRange = 1.4...7.0
    public static let eventualStopProbability = 0.01
    public static let delayedBeacons = 5
    public static let gridSybilGhosts = 5
    /// Received beacons an attacker keeps for the replay and disruptive types.
    public static let historyLength = 64

    public let type: AttackType
    /// Playground bounds [m].
    public let minX: Double, maxX: Double, minY: Double, maxY: Double
    var stream: RandomStream
    var constX = 0.0, constY = 0.0
    var offsetX = 0.0, offsetY = 0.0
    var constSpeedX = 0.0, constSpeedY = 0.0
    var stopped: SensorBroadcast?
    var own: [TimedBroadcast] = []
    /// Received neighbour beacons, oldest first.
    var heard: [TimedBroadcast] = []
    var target: UInt32?
    var targetChanges = 0
    var sybilTurn = 0

    public init(type: AttackType, playground: (minX: Double, maxX: Double, minY: Double, maxY: Double), stream: RandomStream) {
        self.type = type
        (self.minX, self.maxX, self.minY, self.maxY) = playground
        self.stream = stream
        // Drawn once, whether or not the type uses them, so every type sees the same pattern.
        self.constX = self.stream.uniform(in: self.minX..<self.maxX)
        self.constY = self.stream.uniform(in: self.minY..<self.maxY)
        self.offsetX = self.stream.uniform(in: Self.posOffsetRange.lowerBound..<Self.posOffsetRange.upperBound)
        self.offsetY = self.stream.uniform(in: Self.posOffsetRange.lowerBound..<Self.posOffsetRange.upperBound)
        self.constSpeedX = self.stream.uniform(in: 0..<Self.maxRandomSpeed)
        self.constSpeedY = self.stream.uniform(in: 0..<Self.maxRandomSpeed)
    }

    /// Remembers a neighbour's beacon that this attacker accepted.
    public mutating func heard(_ broadcast: SensorBroadcast, at time: SimTime) {
        if self.heard.count == Self.historyLength { self.heard.removeFirst() }
        self.heard.append(TimedBroadcast(broadcast: broadcast, time: time))
    }

    private mutating func randomSpeed() -> Double {
        let sx = self.stream.uniform(in: 0..<Self.maxRandomSpeed)
        let sy = self.stream.uniform(in: 0..<Self.maxRandomSpeed)
        return (sx * sx + sy * sy).squareRoot()
    }

    private mutating func randomPosition(_ b: inout SensorBroadcast) {
        b.x = self.stream.uniform(in: self.minX..<self.maxX)
        b.y = self.stream.uniform(in: self.minY..<self.maxY)
    }

    private mutating func randomNeighbour() -> SensorBroadcast? {
        guard !self.heard.isEmpty else { return nil }
        return self.heard[Int(self.stream.integer(below: UInt64(self.heard.count)))].broadcast
    }

    /// The latest beacon of the replay target, choosing a new target when it fell silent for 1 s.
    private mutating func replayTarget(now: SimTime) -> SensorBroadcast? {
        if let target, let last = self.heard.last(where: { $0.broadcast.stationID == target }),
           now - last.time <= .seconds(1) {
            return last.broadcast
        }
        guard let pick = self.randomNeighbour() else { return nil }
        self.target = pick.stationID
        self.targetChanges += 1
        return self.heard.last { $0.broadcast.stationID == pick.stationID }!.broadcast
    }

    /// The message this attacker sends at `now` instead of `genuine`.
    public mutating func emission(genuine: SensorBroadcast, now: SimTime) -> AttackEmission {
        self.own.append(TimedBroadcast(broadcast: genuine, time: now))
        if self.own.count > Self.delayedBeacons + 1 { self.own.removeFirst() }
        var b = genuine
        var identity = AttackEmission.Identity.own
        var time = now
        switch self.type {
        case .constPos:
            b.x = self.constX
            b.y = self.constY
        case .constPosOffset:
            b.x += self.offsetX
            b.y += self.offsetY
        case .randomPos:
            self.randomPosition(&b)
        case .randomPosOffset:
            b.x += self.stream.uniform(in: -Self.randomPosOffsetMax..<Self.randomPosOffsetMax)
            b.y += self.stream.uniform(in: -Self.randomPosOffsetMax..<Self.randomPosOffsetMax)
        case .constSpeed:
            b.speed = (self.constSpeedX * self.constSpeedX + self.constSpeedY * self.constSpeedY).squareRoot()
        case .constSpeedOffset:
            // The offsets drawn once in [14, 70] m, scaled to [1.4, 7] m/s.
            let along = genuine.speed + self.offsetX / 10
            let across = self.offsetY / 10
            b.speed = (along * along + across * across).squareRoot()
        case .randomSpeed:
            b.speed = self.randomSpeed()
        case .randomSpeedOffset:
            let range = Self.speedOffsetRange.lowerBound..<Self.speedOffsetRange.upperBound
            let dx = self.stream.uniform(in: range) * (self.stream.bernoulli(0.5) ? 1 : -1)
            let dy = self.stream.uniform(in: range) * (self.stream.bernoulli(0.5) ? 1 : -1)
            b.speed = ((genuine.speed + dx) * (genuine.speed + dx) + dy * dy).squareRoot()
        case .eventualStop:
            if self.stopped == nil, self.stream.bernoulli(Self.eventualStopProbability) { self.stopped = genuine }
            if let stopped = self.stopped {
                b.x = stopped.x
                b.y = stopped.y
                b.speed = 0
                b.acceleration = 0
            }
        case .disruptive, .dosDisruptive, .dosDisruptiveSybil:
            if let other = self.randomNeighbour() { b = other; b.stationID = genuine.stationID }
            if self.type == .dosDisruptiveSybil { identity = .fresh }
        case .dataReplay, .dataReplaySybil:
            if let other = self.replayTarget(now: now) { b = other; b.stationID = genuine.stationID }
            if self.type == .dataReplaySybil { identity = .ghost(self.targetChanges) }
        case .delayedMessages:
            if self.own.count > Self.delayedBeacons {
                let delayed = self.own[self.own.count - 1 - Self.delayedBeacons]
                (b, time) = (delayed.broadcast, delayed.time)
            }
        case .dos:
            break
        case .dosRandom, .dosRandomSybil:
            self.randomPosition(&b)
            b.speed = self.randomSpeed()
            b.heading = self.stream.uniform(in: 0..<360)
            if self.type == .dosRandomSybil { identity = .fresh }
        case .gridSybil:
            let turn = self.sybilTurn
            self.sybilTurn = (self.sybilTurn + 1) % (Self.gridSybilGhosts + 1)
            if turn > 0 {
                // Ghost k sits in a 2-column grid behind the attacker: spacing (length + 5 m) along
                // the road and (width 2 m + 2 m) across, each ±10 % jitter.
                let k = turn - 1
                let row = Double(k / 2 + 1)
                let jitterX = self.stream.uniform(in: 0.9..<1.1)
                let jitterY = self.stream.uniform(in: 0.9..<1.1)
                b.x = genuine.x - row * (genuine.length + 5) * jitterX
                b.y = genuine.y - Double(k % 2) * 4 * jitterY
                identity = .ghost(k)
            }
        case .forgedSignature, .tamperedInFlight, .replayCaptured:
            preconditionFailure("outsiders have no genuine beacon to manipulate")
        case .fakeHazard:
            preconditionFailure("FakeHazard keeps its beacons genuine")
        }
        let manipulated = self.type.rateMultiplier > 1 || identity != .own || time != now || b != genuine
        return AttackEmission(broadcast: b, identity: identity, generationTime: time, manipulated: manipulated)
    }
}

/// A beacon and when it was sent or heard (an attacker's history).
struct TimedBroadcast: Sendable, Codable {
    var broadcast: SensorBroadcast
    var time: SimTime
}
