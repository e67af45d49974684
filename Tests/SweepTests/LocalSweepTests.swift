import Foundation
import Testing
import V2VTestSupport

/// The local pool, end to end through the built CLI.
@Suite("Local sweeps", .serialized)
struct LocalSweepTests {
    let grid = ["sweep", "Scenarios/quick.yaml", "--vary", "security.verify=none,signature,full", "--seeds", "2"]
        + SweepProcess.tinySets

    @Test("a sweep killed mid-way resumes without redoing finished runs; its CSV equals an uninterrupted sweep's")
    func interruptAndResume() throws {
        let base = try TestPaths.temporaryDirectory("sweep-local")
        let whole = base + "/whole"
        let broken = base + "/broken"
        let uninterrupted = try SweepProcess.run(self.grid + ["--out", whole, "--jobs", "2"])
        #expect(uninterrupted.status == 0, "stderr: \(uninterrupted.stderr)")
        #expect(uninterrupted.stdout.contains("6 runs (local): 6 finished, 0 failed"), "\(uninterrupted.stdout)")

        // One run at a time, killed (SIGKILL: no chance to clean up) once two runs are finished.
        let victim = try SweepProcess.start(self.grid + ["--out", broken, "--jobs", "1"], output: false)
        let deadline = Date().addingTimeInterval(120)
        while SweepProcess.finishedRuns(broken).count < 2 && victim.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        let before = SweepProcess.finishedRuns(broken)
        try #require(before.count >= 2 && before.count < 6, "killed with \(before.count) runs finished; the test needs 2 … 5")
        var kept: [String: Data] = [:]
        for run in before {
            kept[run] = try Data(contentsOf: URL(fileURLWithPath: "\(broken)/runs/\(run)/outcome.json"))
        }

        let status = try SweepProcess.run(["sweep", "status", broken])
        #expect(status.status == 0)
        #expect(status.stdout.contains("\(before.count) finished, 0 failed"), "\(status.stdout)")

        let resumed = try SweepProcess.run(self.grid + ["--out", broken, "--jobs", "2"])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stderr.contains("\(before.count) finished already"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("running \(6 - before.count) with 2 job(s)"), "\(resumed.stderr)")
        #expect(SweepProcess.finishedRuns(broken).count == 6)
        for run in before {
            // outcome.json holds the wall time to the millisecond: a redone run would rewrite it.
            let now = try Data(contentsOf: URL(fileURLWithPath: "\(broken)/runs/\(run)/outcome.json"))
            #expect(now == kept[run], "\(run) was redone")
        }

        for dir in [whole, broken] {
            let collect = try SweepProcess.run(["sweep", "collect", dir])
            #expect(collect.status == 0, "stderr: \(collect.stderr)")
        }
        let a = try SweepProcess.resultsWithoutWallTime(whole)
        let b = try SweepProcess.resultsWithoutWallTime(broken)
        #expect(a.count == 7)
        #expect(a == b)
        #expect(a[0].hasPrefix("run,security.verify,seed,event_digest,vehicles,"), "\(a[0])")
        #expect(a[1].hasPrefix("run-0000,none,7,"), "\(a[1])")
        #expect(a[6].hasPrefix("run-0005,full,8,"), "\(a[6])")
        // Another seed is another run; checking messages (full) changes what happens.
        let digests = a.dropFirst().map { $0.split(separator: ",")[3] }
        #expect(digests[0] != digests[1] && digests[4] != digests[5] && digests[0] != digests[4])
        let report = try String(contentsOfFile: whole + "/report.html", encoding: .utf8)
        #expect(report.contains("\"metric\":\"latency_p50_ms\""))
        #expect(report.contains("Chart.js"), "Chart.js is inlined")
        let aggregate = try String(contentsOfFile: whole + "/aggregate.csv", encoding: .utf8)
        #expect(aggregate.hasPrefix("security.verify,metric,runs,mean,ci95_low,ci95_high\n"))
        #expect(aggregate.contains("\nfull,vehicles,2,10.000000,10.000000,10.000000\n"), "\(aggregate.prefix(400))")
        try? FileManager.default.removeItem(atPath: base)
    }

    @Test("a bad --vary is rejected before anything runs, located like --set, exit 64")
    func badVary() throws {
        let dir = try TestPaths.temporaryDirectory("sweep-bad") + "/s"
        let result = try SweepProcess.run([
            "sweep", "Scenarios/quick.yaml", "--vary", "security.verify=none,sig", "--vary", "road.lane=2", "--out", dir,
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--vary security.verify=sig: security.verify: must be one of none, signature, full, got 'sig'"), "\(result.stderr)")
        #expect(result.stderr.contains("--vary road.lane=2: road.lane: unknown key 'lane'; did you mean 'lanes'?"))
        #expect(!FileManager.default.fileExists(atPath: dir), "nothing may be written")
        let malformed = try SweepProcess.run(["sweep", "Scenarios/quick.yaml", "--vary", "security.verify", "--out", dir])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--vary security.verify: expected FIELD=V1,V2,..."))
    }

    @Test("failed runs are listed with their error, and retry runs them alone")
    func failureAndRetry() throws {
        let base = try TestPaths.temporaryDirectory("sweep-fail")
        let weights = base + "/policy.safetensors"
        try FileManager.default.copyItem(
            atPath: TestPaths.repositoryRoot.appendingPathComponent("Policies/idm-clone.safetensors").path, toPath: weights)
        let dir = base + "/sweep"
        // Plan (a Slurm dry run writes the plan and the script and runs nothing), then take the
        // weights file away, as a node without the shared file system would see it.
        let plan = try SweepProcess.run(
            ["sweep", "Scenarios/quick.yaml", "--vary", "road.lanes=1,2", "--set", "traffic[0].policy=\(weights)",
             "--out", dir, "--engine", "slurm", "--dry-run", "--time", "5"] + SweepProcess.tinySets)
        #expect(plan.status == 0, "stderr: \(plan.stderr)")
        #expect(plan.stdout.contains("sbatch --parsable --array=0-1 "), "\(plan.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/slurm/submissions.json"))
        try FileManager.default.moveItem(atPath: weights, toPath: weights + ".away")
        let failing = try SweepProcess.run(["sweep", "retry", dir, "--jobs", "2"])
        #expect(failing.status == 1)
        let status = try SweepProcess.run(["sweep", "status", dir])
        #expect(status.stdout.contains("2 runs (local): 0 finished, 2 failed"), "\(status.stdout)")
        #expect(status.stdout.contains("failed run-0000 (road.lanes=1 seed=7): exit 64: "), "\(status.stdout)")
        #expect(status.stdout.contains("policy.safetensors"), "the error names the missing file: \(status.stdout)")
        try FileManager.default.moveItem(atPath: weights + ".away", toPath: weights)
        let retried = try SweepProcess.run(["sweep", "retry", dir, "--jobs", "2"])
        #expect(retried.status == 0, "stderr: \(retried.stderr)")
        #expect(retried.stdout.contains("2 runs (local): 2 finished, 0 failed"), "\(retried.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/failed/run-0000.json"))
        try? FileManager.default.removeItem(atPath: base)
    }
}
