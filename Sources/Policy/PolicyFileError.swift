/// Why a weights file could not be used. Weights files are untrusted input.
public struct PolicyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(self.path): \(self.problem)" }
}
