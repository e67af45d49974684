/// How much of a trace the Visualizer holds and sends, so that no trace or request can make memory
/// or a response grow without bound (docs/visualizer.md, "Limits").
public struct VisualizerLimits: Sendable, Equatable {
    /// Rows the index loads (server and export both): beyond, loading fails with a message.
    public var maxFCDSamples: Int
    public var maxMessages: Int
    public var maxReceptions: Int
    /// A self-contained page (`visualize --out FILE.html`) holds at most this many FCD samples,
    /// messages and receptions in the exported span.
    public var pageFCDSamples: Int
    public var pageMessages: Int
    public var pageReceptions: Int
    /// A window request may span at most this many seconds and return at most this many receptions.
    public var windowSeconds: Double
    public var windowReceptions: Int
    /// Incidents and blocks listed in the overview (the rest are counted, not listed).
    public var overviewIncidents: Int
    public var overviewBlocks: Int

    public init(
        maxFCDSamples: Int = 12_000_000, maxMessages: Int = 12_000_000, maxReceptions: Int = 40_000_000,
        pageFCDSamples: Int = 1_500_000, pageMessages: Int = 600_000, pageReceptions: Int = 2_500_000,
        windowSeconds: Double = 60, windowReceptions: Int = 1_500_000,
        overviewIncidents: Int = 5_000, overviewBlocks: Int = 50_000
    ) {
        self.maxFCDSamples = maxFCDSamples
        self.maxMessages = maxMessages
        self.maxReceptions = maxReceptions
        self.pageFCDSamples = pageFCDSamples
        self.pageMessages = pageMessages
        self.pageReceptions = pageReceptions
        self.windowSeconds = windowSeconds
        self.windowReceptions = windowReceptions
        self.overviewIncidents = overviewIncidents
        self.overviewBlocks = overviewBlocks
    }

    /// The defaults, documented in docs/visualizer.md.
    public static let standard = VisualizerLimits()
}

/// Why the Visualizer cannot load a trace or answer a request; `message` says what to do instead.
public struct VisualizerError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The request or arguments are wrong (HTTP 400).
        case badRequest
        /// The request is valid but asks for more than the limits allow (HTTP 413).
        case tooLarge
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { self.message }
}
