/// Why a VeReMi export could not be written; the text starts with the file or directory concerned.
public struct VeReMiExportError: Error, CustomStringConvertible, Sendable {
    /// Trace file or output directory the problem concerns.
    public var path: String
    /// What is wrong, in words.
    public var problem: String

    /// Creates an error about `path`.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(self.path): \(self.problem)" }
}
