/// Resources each Slurm array task asks for; nil leaves the cluster's default.
public struct SlurmOptions: Codable, Equatable, Sendable {
    /// `--partition`.
    public var partition: String?
    /// `--time`, in Slurm's syntax (`10`, `1:00:00`, `1-00:00:00`).
    public var time: String?
    /// `--mem`, in Slurm's syntax (`2G`, `500M`).
    public var memory: String?
    /// `--cpus-per-task`.
    public var cpusPerTask: Int?

    /// Creates the options.
    public init(partition: String? = nil, time: String? = nil, memory: String? = nil, cpusPerTask: Int? = nil) {
        self.partition = partition
        self.time = time
        self.memory = memory
        self.cpusPerTask = cpusPerTask
    }

    /// Checks the options before they go into a script: a value with a newline or a space could
    /// add `#SBATCH` lines or shell text that nobody asked for.
    public func validate() throws(SweepError) {
        let values = [("--partition", self.partition), ("--time", self.time), ("--mem", self.memory)]
        for (name, value) in values {
            guard let value else { continue }
            let allowed = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.,".contains($0)) }
            guard !value.isEmpty, allowed else {
                throw .invalidArgument("\(name) '\(value)': only letters, digits and - _ : . , are allowed")
            }
        }
        if let cpus = self.cpusPerTask, !(1...4096).contains(cpus) {
            throw .invalidArgument("--cpus-per-task \(cpus): must be 1 … 4096")
        }
    }

    /// The `#SBATCH` lines of these options.
    var directives: [String] {
        var lines: [String] = []
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        if let cpusPerTask { lines.append("#SBATCH --cpus-per-task=\(cpusPerTask)") }
        return lines
    }
}
