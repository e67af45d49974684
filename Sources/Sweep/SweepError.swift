/// Why a sweep cannot start, continue or be collected. Input problems (`isInputError`) map to
/// exit code 64 in the CLI; the others to 1.
public enum SweepError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A `--vary` argument that cannot be understood.
    case invalidVary(String, String)
    /// Other bad arguments: `--seeds 0`, `--jobs 0`, both `--seeds` and `--seed-list`, ….
    case invalidArgument(String)
    /// Problems of the scenario under the sweep's overrides, already rendered compiler-style.
    case scenario([String])
    /// `DIR` holds a different sweep (other scenario, grid or options), or none.
    case mismatch(String)
    /// Reading or writing the sweep directory failed.
    case io(String)
    /// A Slurm command failed or is missing.
    case slurm(String)

    /// Whether the user's input is at fault (exit code 64).
    public var isInputError: Bool {
        switch self {
        case .invalidVary, .invalidArgument, .scenario, .mismatch: true
        case .io, .slurm: false
        }
    }

    public var description: String {
        switch self {
        case .invalidVary(let argument, let problem): "--vary \(argument): \(problem)"
        case .invalidArgument(let text): "error: \(text)"
        case .scenario(let lines): lines.joined(separator: "\n")
        case .mismatch(let text): "error: \(text)"
        case .io(let text): "error: \(text)"
        case .slurm(let text): "error: slurm: \(text)"
        }
    }
}
