import Foundation
import Testing
import V2VTestSupport

/// `--threads` as a user gives it.
@Suite("Command line --threads", .serialized)
struct ThreadsCLITests {
    @Test("v2vsim run --threads 1 and --threads 2 write byte-identical CSVs")
    func sameCSVs() throws {
        var exported: [String] = []
        for threads in [1, 2] {
            let dir = try TestPaths.temporaryDirectory("cli-threads-\(threads)")
            let run = try runProcess(
                TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "2s", "--threads", String(threads)])
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let export = try runProcess(TestPaths.cli, ["export", dir + "/trace.sqlite", "--csv", dir + "/csv"])
            #expect(export.status == 0)
            exported.append(dir + "/csv")
        }
        for table in ["vehicles", "messages", "receptions", "blocks", "anchors"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(exported[0])/\(table).csv"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(exported[1])/\(table).csv"))
            #expect(a == b && !a.isEmpty, "\(table).csv differs between --threads 1 and 2")
        }
    }

    @Test("--threads 0 is bad input: exit 64, the option named, nothing written")
    func zeroThreads() throws {
        let dir = try TestPaths.temporaryDirectory("cli-threads-0")
        let result = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir + "/out", "--threads", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--threads must be at least 1"), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/trace.sqlite"))
    }
}
