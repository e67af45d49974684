import Foundation
import V2VTestSupport

/// Running the built `v2vsim sweep` as a user would, with extra environment variables.
enum SweepProcess {
    /// What a finished process said.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// A tiny grid over `Scenarios/quick.yaml`: 10 cars for 1.5 simulated seconds per run.
    static let tinySets = ["--set", "traffic[0].count=10", "--set", "duration=1500ms"]

    /// Runs `v2vsim` with `arguments` from the repository root and waits.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = try SweepProcess.start(arguments, environment: environment, output: true)
        let outData = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        let errData = (process.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `v2vsim` with `arguments`; with `output` false its output is discarded.
    static func start(_ arguments: [String], environment: [String: String] = [:], output: Bool) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.cli)
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if output {
            process.standardOutput = Pipe()
            process.standardError = Pipe()
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// `results.csv` without its last column (`wall_time_s`, the one value that is not a pure
    /// function of the run's inputs).
    static func resultsWithoutWallTime(_ directory: String) throws -> [String] {
        let text = try String(contentsOfFile: directory + "/results.csv", encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.dropLast().joined(separator: ",")
        }
    }

    /// Ids of the finished runs (directories under `runs/` without `.partial`).
    static func finishedRuns(_ directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/runs")) ?? []
        return names.filter { !$0.contains(".partial") && FileManager.default.fileExists(atPath: "\(directory)/runs/\($0)/outcome.json") }.sorted()
    }
}
