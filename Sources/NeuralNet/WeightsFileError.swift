/// Why a weights file could not be used. Weights files are untrusted input, so every problem is a
/// value that names the file and what is wrong, never a crash.
///
/// Rendered as `FILE: what is wrong`, for example
/// `Policies/x.safetensors: tensor 'layers.0.weight': element 3 is not finite`.
public struct WeightsFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as it was named (a path, or a label for bytes that came from elsewhere).
    public let path: String
    /// What is wrong, without the file name.
    public let problem: String

    /// Creates the error for `path`.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(self.path): \(self.problem)" }
}
