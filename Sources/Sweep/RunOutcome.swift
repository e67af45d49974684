import Foundation

/// What one attempt of a run ended with: `outcome.json` in a finished run's directory, or
/// `failed/<id>.json` for a failed one.
public struct RunOutcome: Codable, Equatable, Sendable {
    /// The run's id.
    public var run: String
    /// `v2vsim run`'s exit status (0 for a finished run).
    public var exitStatus: Int32
    /// Wall-clock time of the `v2vsim run` process [s], 3 decimals.
    public var wallTimeSeconds: Double
    /// For a failure: the last lines the run wrote to stderr (its error).
    public var error: String?
    /// Where it ran: `local` or `slurm <job id>_<task>`.
    public var engine: String

    /// Creates an outcome.
    public init(run: String, exitStatus: Int32, wallTimeSeconds: Double, error: String?, engine: String) {
        self.run = run
        self.exitStatus = exitStatus
        self.wallTimeSeconds = wallTimeSeconds
        self.error = error
        self.engine = engine
    }

    static func read(_ path: String) -> RunOutcome? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(RunOutcome.self, from: data)
    }

    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}
