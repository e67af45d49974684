import Foundation

/// Reads a scenario file's text, turning every way that can fail into a clear issue.
enum ScenarioFile {
    /// The UTF-8 text of the file at `path`.
    ///
    /// - Throws: `ScenarioErrors` with one issue naming the file when it does not exist, is a
    ///   directory, cannot be read or is not UTF-8.
    static func read(_ path: String) throws(ScenarioErrors) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioFile.error(path, "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ScenarioFile.error(path, "is a directory, not a scenario file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioFile.error(path, "cannot be read (permission denied?)")
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
