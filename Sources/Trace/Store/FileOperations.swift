import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system steps the recorder and exporter need, with errors that name the file.
enum FileOperations {
    /// Deletes the file at `path` if there is one.
    static func removeIfPresent(_ path: String) throws(TraceError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw TraceError(path: path, problem: .fileSystem("cannot delete: \(error.localizedDescription)"))
        }
    }

    /// Renames `source` to `destination`, replacing any file there in one atomic step (POSIX `rename`),
    /// so readers see either the old file or the complete new one, never a mix.
    static func replace(_ destination: String, with source: String) throws(TraceError) {
        if rename(source, destination) != 0 {
            let reason = String(cString: strerror(errno))
            throw TraceError(path: destination, problem: .fileSystem("cannot rename \(source) to it: \(reason)"))
        }
    }

    /// Creates `path` and its missing parents as directories.
    static func createDirectory(_ path: String) throws(TraceError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TraceError(path: path, problem: .fileSystem("cannot create directory: \(error.localizedDescription)"))
        }
    }
}
