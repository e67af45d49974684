/// What a trace records about the run that produced it; written into the `meta` table when recording starts.
public struct TraceMeta: Sendable, Equatable {
    /// The scenario's `name`.
    public var scenarioName: String
    /// The scenario file's full text, so a trace can be replayed without the original file.
    public var scenarioText: String
    /// The master seed of the run.
    public var seed: UInt64
    /// The version of the program that recorded the trace.
    public var programVersion: String

    /// Creates trace metadata.
    public init(scenarioName: String, scenarioText: String, seed: UInt64, programVersion: String) {
        self.scenarioName = scenarioName
        self.scenarioText = scenarioText
        self.seed = seed
        self.programVersion = programVersion
    }
}
