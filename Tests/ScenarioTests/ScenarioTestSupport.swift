import SimKernel
import Testing

@testable import Scenario

/// Helpers shared by the scenario tests.
enum ScenarioTestSupport {
    /// The smallest valid scenario; tests append sections or replace lines.
    static let minimal = """
        name: t
        duration: 10s
        traffic:
          - count: 10

        """

    /// The issue lines for `text` loaded as "t.yaml", or [] when it loads.
    static func issues(_ text: String, overrides: [String] = [], seed: UInt64? = nil) -> [String] {
        do {
            _ = try ScenarioLoader.load(text: text, path: "t.yaml", overrides: overrides, seed: seed)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// The scenario for `text`; records a test failure with the issues when it does not load.
    static func load(_ text: String, overrides: [String] = []) throws -> Scenario {
        do {
            return try ScenarioLoader.load(text: text, path: "t.yaml", overrides: overrides)
        } catch {
            Issue.record("unexpected issues:\n\(error)")
            throw error
        }
    }

    /// The repository's `Scenarios/` folder, found from this file's path.
    static func scenariosDirectory(filePath: String = #filePath) -> String {
        var components = filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)  // Tests/ScenarioTests/<file>
        return components.joined(separator: "/") + "/Scenarios"
    }
}
