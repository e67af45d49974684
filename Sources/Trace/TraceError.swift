/// A trace file could not be written, opened or read. Its description always names the file.
public struct TraceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public enum Problem: Sendable, Equatable {
        /// There is no file at the path.
        case missing
        /// The file is not a SQLite database; carries SQLite's message.
        case notSQLite(String)
        /// The file is SQLite but not a v2vsim trace this build can read; carries why.
        case notATrace(String)
        /// A summary key would overwrite one of the recorder's own meta keys.
        case reservedMetaKey(String)
        /// The recorder was already finished or abandoned.
        case recorderClosed
        /// SQLite failed while reading or writing; carries SQLite's message.
        case database(String)
        /// A file-system operation failed; carries what and why.
        case fileSystem(String)
    }

    /// The file concerned.
    public var path: String
    /// What went wrong.
    public var problem: Problem

    /// Creates an error about the file at `path`.
    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// `<path>: <what went wrong>`, in the manner of compiler diagnostics.
    public var description: String {
        switch self.problem {
        case .missing:
            return "\(self.path): no such file"
        case .notSQLite(let message):
            return "\(self.path): not a v2vsim trace (not a SQLite database: \(message))"
        case .notATrace(let reason):
            return "\(self.path): not a v2vsim trace (\(reason))"
        case .reservedMetaKey(let key):
            return "\(self.path): summary key '\(key)' is reserved for the trace's own metadata"
        case .recorderClosed:
            return "\(self.path): the trace recorder was already finished or abandoned"
        case .database(let message):
            return "\(self.path): SQLite error: \(message)"
        case .fileSystem(let message):
            return "\(self.path): \(message)"
        }
    }
}
