import Foundation
import Testing
import V2VTestSupport

/// `--engine slurm` against a real one-node Slurm cluster on localhost, started for the test by
/// `Tests/Slurm/localhost-slurm.sh` (which installs Debian's slurm-wlm and munge when missing).
@Suite("Slurm sweeps", .serialized)
struct SlurmSweepTests {
    let grid = ["sweep", "Scenarios/quick.yaml", "--vary", "security.verify=none,full", "--seeds", "2"]
        + SweepProcess.tinySets

    @Test("a 4-run sweep submitted with --engine slurm runs, and collects to the local engine's CSV")
    func slurmEqualsLocal() throws {
        let base = try TestPaths.temporaryDirectory("sweep-slurm")
        let state = base + "/cluster"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let script = TestPaths.repositoryRoot.appendingPathComponent("Tests/Slurm/localhost-slurm.sh").path
        let started = try SlurmSweepTests.script(script, "start", state)
        if started.status == 77 { try Test.cancel(Comment(rawValue: started.output)) }
        defer {
            // Stop first: the daemons' pid files live under `base`.
            _ = try? SlurmSweepTests.script(script, "stop", state)
            try? FileManager.default.removeItem(atPath: base)
        }
        try #require(started.status == 0, "cluster did not start: \(started.output)")
        let environment = ["SLURM_CONF": started.output]

        let slurmDir = base + "/slurm-sweep"
        let submit = try SweepProcess.run(
            self.grid + ["--out", slurmDir, "--engine", "slurm", "--time", "5", "--mem", "300M", "--cpus-per-task", "1"],
            environment: environment)
        try #require(submit.status == 0, "stderr: \(submit.stderr)")
        #expect(submit.stdout.contains("submitted job "), "\(submit.stdout)")
        let script2 = try String(contentsOfFile: slurmDir + "/slurm/sweep.sbatch", encoding: .utf8)
        #expect(script2.contains("#SBATCH --mem=300M\n") && script2.contains("#SBATCH --time=5\n"))

        // Meanwhile, the same grid on the local pool.
        let localDir = base + "/local-sweep"
        let local = try SweepProcess.run(self.grid + ["--out", localDir, "--jobs", "2"])
        #expect(local.status == 0, "stderr: \(local.stderr)")

        let deadline = Date().addingTimeInterval(180)
        var status = ""
        while Date() < deadline {
            status = try SweepProcess.run(["sweep", "status", slurmDir], environment: environment).stdout
            if status.contains("4 runs (slurm): 4 finished") || status.contains("failed, 0 queued or running, 0 not started") { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(status.contains("4 runs (slurm): 4 finished, 0 failed, 0 queued or running, 0 not started"), "\(status)")
        let outcome = try String(contentsOfFile: slurmDir + "/runs/run-0003/outcome.json", encoding: .utf8)
        #expect(outcome.contains("\"engine\" : \"slurm job "), "\(outcome)")

        for dir in [slurmDir, localDir] {
            let collect = try SweepProcess.run(["sweep", "collect", dir])
            #expect(collect.status == 0, "stderr: \(collect.stderr)")
        }
        let a = try SweepProcess.resultsWithoutWallTime(slurmDir)
        let b = try SweepProcess.resultsWithoutWallTime(localDir)
        #expect(a.count == 5)
        #expect(a == b)

        // Nothing left to do: a second submission submits nothing.
        let again = try SweepProcess.run(
            self.grid + ["--out", slurmDir, "--engine", "slurm", "--time", "5", "--mem", "300M", "--cpus-per-task", "1"],
            environment: environment)
        #expect(again.stdout.contains("nothing to submit: 4 finished"), "\(again.stdout)")
    }

    /// Runs the cluster script with its output in a file, not a pipe: the daemons it starts
    /// would hold a pipe open and a reader would wait for them to exit.
    static func script(_ path: String, _ action: String, _ state: String) throws -> (status: Int32, output: String) {
        let outputFile = state + "-" + action + ".out"
        _ = FileManager.default.createFile(atPath: outputFile, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [path, action, state]
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let output = try String(contentsOfFile: outputFile, encoding: .utf8)
        return (process.terminationStatus, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
