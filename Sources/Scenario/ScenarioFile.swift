import Foundation

/// Reads a scenario file's text, turning every way that can fail into a clear issue.
enum ScenarioFile {
    /// The UTF-8 text of the file at `path`.
    ///
    /// - Parameter maxBytes: a file longer than this is refused after reading one byte more (so a
    ///   huge file, `/dev/zero` or a pipe that never ends cost no more than that).
    /// - Throws: `ScenarioErrors` with one issue naming the file when it does not exist, is a
    ///   directory, cannot be read, is too large or is not UTF-8.
    static func read(_ path: String, maxBytes: Int = YAMLLimits.standard.maxBytes) throws(ScenarioErrors) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioFile.error(path, "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ScenarioFile.error(path, "is a directory, not a scenario file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ScenarioFile.error(path, "cannot be read (permission denied?)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw ScenarioFile.error(path, "cannot be read (\(error.localizedDescription))")
        }
        guard data.count <= maxBytes else {
            let problem = ScenarioProblem.limitExceeded(
                "is larger than the \(YAMLLimits.bytesText(maxBytes)) a scenario may have")
            throw ScenarioErrors(issues: [ScenarioIssue(file: path, line: nil, column: nil, field: nil, problem: problem)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioFile.error(path, "is not UTF-8 text")
        }
        return text
    }

    private static func error(_ path: String, _ reason: String) -> ScenarioErrors {
        ScenarioErrors(issues: [
            ScenarioIssue(file: path, line: nil, column: nil, field: nil, problem: .unreadable(reason))
        ])
    }
}
