/// The road and RSUs the Visualizer draws to scale, in the frames of `Traffic.Highway`:
/// a highway runs along +x with lane k's centre at y = (k + 0.5) · laneWidth (lane 0 is the on-ramp's
/// acceleration lane when there is one); a ring is a circle about the origin whose lane 0 centre
/// line has radius length / 2π and lane k runs k lane widths inside it.
///
/// The CLI builds it from the scenario stored in the trace; when that cannot be loaded the layout is
/// inferred from the FCD (``inferred(from:)``), and `source` says which.
public struct VisualizerLayout: Sendable, Equatable {
    /// Road kind, as the scenario spells it.
    public enum Kind: String, Sendable, Equatable { case highway, ring }

    /// A roadside unit: position [m] and the range within which it hears vehicles [m].
    public struct RSU: Sendable, Equatable {
        public var id: Int
        public var x: Double
        public var y: Double
        public var range: Double
        public init(id: Int, x: Double, y: Double, range: Double) {
            self.id = id
            self.x = x
            self.y = y
            self.range = range
        }
    }

    public var kind: Kind
    /// Road length, or the ring's circumference [m].
    public var length: Double
    /// Main lanes (without the on-ramp's acceleration lane).
    public var lanes: Int
    public var laneWidth: Double
    /// On-ramp acceleration lane (lane 0): where it starts and how long it is [m], if any.
    public var onRamp: (start: Double, length: Double)?
    /// Where the off-ramp leaves the road [m], if any.
    public var offRampPosition: Double?
    public var rsus: [RSU]
    /// "scenario" or "fcd" (inferred).
    public var source: String

    public init(
        kind: Kind, length: Double, lanes: Int, laneWidth: Double, onRamp: (start: Double, length: Double)?,
        offRampPosition: Double?, rsus: [RSU], source: String
    ) {
        self.kind = kind
        self.length = length
        self.lanes = lanes
        self.laneWidth = laneWidth
        self.onRamp = onRamp
        self.offRampPosition = offRampPosition
        self.rsus = rsus
        self.source = source
    }

    public static func == (a: VisualizerLayout, b: VisualizerLayout) -> Bool {
        a.kind == b.kind && a.length == b.length && a.lanes == b.lanes && a.laneWidth == b.laneWidth
            && a.onRamp?.start == b.onRamp?.start && a.onRamp?.length == b.onRamp?.length
            && a.offRampPosition == b.offRampPosition && a.rsus == b.rsus && a.source == b.source
    }

    /// A layout guessed from the vehicle samples, for traces whose scenario cannot be loaded: a ring
    /// when the points keep a constant distance from the origin, else a straight highway as long as
    /// the farthest position; lane width 3.5 m; no RSUs.
    static func inferred(maxPosition: Double, maxLane: Int, ringLike: Bool) -> VisualizerLayout {
        VisualizerLayout(
            kind: ringLike ? .ring : .highway, length: max(1, maxPosition), lanes: max(1, maxLane + 1),
            laneWidth: 3.5, onRamp: nil, offRampPosition: nil, rsus: [], source: "fcd")
    }

    func write(to json: inout JSONText) {
        json.raw("{")
        json.key("kind"); json.string(self.kind.rawValue)
        json.raw(","); json.key("length"); json.fixed(self.length, 3)
        json.raw(","); json.key("lanes"); json.int(self.lanes)
        json.raw(","); json.key("lane_width"); json.fixed(self.laneWidth, 3)
        json.raw(","); json.key("on_ramp")
        if let ramp = self.onRamp {
            json.raw("{"); json.key("start"); json.fixed(ramp.start, 3)
            json.raw(","); json.key("length"); json.fixed(ramp.length, 3); json.raw("}")
        } else {
            json.raw("null")
        }
        json.raw(","); json.key("off_ramp")
        if let off = self.offRampPosition { json.fixed(off, 3) } else { json.raw("null") }
        json.raw(","); json.key("rsus"); json.raw("[")
        for (i, rsu) in self.rsus.enumerated() {
            if i > 0 { json.raw(",") }
            json.raw("{"); json.key("id"); json.int(rsu.id)
            json.raw(","); json.key("x"); json.fixed(rsu.x, 3)
            json.raw(","); json.key("y"); json.fixed(rsu.y, 3)
            json.raw(","); json.key("range"); json.fixed(rsu.range, 3); json.raw("}")
        }
        json.raw("],"); json.key("source"); json.string(self.source)
        json.raw("}")
    }
}
