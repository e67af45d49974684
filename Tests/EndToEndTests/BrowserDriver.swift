import Foundation
import V2VTestSupport

/// Runs `Tests/Browser/drive.py` (headless Chromium over the DevTools pipe) and decodes its report.
enum BrowserDriver {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { chromium != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") }

    /// Screenshots of test `name` go here, under the build folder.
    static func screenshotDirectory(_ name: String) -> String {
        TestPaths.repositoryRoot.appendingPathComponent(".build/visualizer-screenshots/\(name)").path
    }

    /// The driver's JSON report for `url`, with `arguments` passed on (see drive.py --help).
    static func run(url: String, screenshots name: String, _ arguments: [String]) throws -> [String: Any] {
        let script = TestPaths.repositoryRoot.appendingPathComponent("Tests/Browser/drive.py").path
        let result = try runProcess("/usr/bin/python3", [script, "--chromium", chromium!, "--url", url,
                                                         "--out", screenshotDirectory(name)] + arguments)
        guard let line = result.stdout.split(separator: "\n").last,
              let report = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw DriverFailure(description: "drive.py printed no report; status \(result.status), stderr: \(result.stderr.suffix(2000))")
        }
        return report
    }

    struct DriverFailure: Error, CustomStringConvertible { let description: String }
}

extension Dictionary where Key == String, Value == Any {
    /// The value at a dotted path ("state.charts"), or nil.
    subscript(path path: String) -> Any? {
        var value: Any? = self
        for part in path.split(separator: ".") { value = (value as? [String: Any])?[String(part)] }
        return value
    }

    func number(_ path: String) -> Double? { (self[path: path] as? NSNumber)?.doubleValue }
}
