import ArgumentParser
import Scenario
import SimKernel
import V2VSim

/// `v2vsim validate`: check scenario files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check scenario files; print every problem with file:line:column.")

    @Argument(help: "Scenario files.")
    var files: [String]

    @Option(name: .customLong("set"), parsing: .singleValue, help: "Override a field: FIELD=VALUE.")
    var overrides: [String] = []

    func run() throws {
        var failed = false
        for file in self.files {
            do {
                let s = try ScenarioLoader.load(path: file, overrides: self.overrides)
                // The weights files are checked too: validate accepts what run accepts.
                _ = try LearnedPolicies.load(for: s)
                print("\(file): ok (\(s.name), \(s.traffic.count) traffic group(s), \(SimTime.format(s.duration, decimals: 3)) s)")
                for warning in s.faultToleranceWarnings { Terminal.error("\(file): warning: \(warning)") }
            } catch {
                Terminal.error(error.description)
                failed = true
            }
        }
        if failed { throw ExitCode.validationFailure }
    }
}
