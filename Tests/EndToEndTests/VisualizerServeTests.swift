import Foundation
import Testing
import Trace
import V2VTestSupport

/// `v2vsim visualize --serve`: a real server process on 127.0.0.1, asked over HTTP.
@Suite("Visualizer server", .serialized)
struct VisualizerServeTests {
    /// A running `visualize --serve --port 0` and its base URL; terminated by `stop()`.
    final class Server {
        let process = Process()
        var base = ""

        init(trace: String) throws {
            self.process.executableURL = URL(fileURLWithPath: TestPaths.cli)
            self.process.arguments = ["visualize", trace, "--serve", "--port", "0"]
            self.process.currentDirectoryURL = TestPaths.repositoryRoot
            let out = Pipe()
            self.process.standardOutput = out
            self.process.standardError = FileHandle.nullDevice
            try self.process.run()
            var text = ""
            while !text.contains("\n") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: "http://127.0.0.1:"), let end = text[range.upperBound...].firstIndex(of: "/") else {
                throw VisualizerServerFailure(description: "server did not start: \(text)")
            }
            self.base = String(text[range.lowerBound..<end])
        }

        /// SIGTERM, then SIGKILL if the server is still there after 5 s: a test never hangs here.
        func stop() {
            self.process.terminate()
            for _ in 0..<50 where self.process.isRunning { usleep(100_000) }
            if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
            self.process.waitUntilExit()
        }
    }

    struct VisualizerServerFailure: Error, CustomStringConvertible { let description: String }

    /// One HTTP request with Python's urllib (an HTTP client independent of the server's code).
    static func get(_ url: String, method: String = "GET") throws -> (status: Int, json: [String: Any]?, body: Data) {
        let script = """
            import sys, urllib.request, urllib.error
            request = urllib.request.Request(sys.argv[1], method=sys.argv[2], data=(b"x" if sys.argv[2] == "POST" else None))
            try:
                answer = urllib.request.urlopen(request, timeout=30)
                code, body = answer.status, answer.read()
            except urllib.error.HTTPError as error:
                code, body = error.code, error.read()
            sys.stdout.write(str(code) + "\\n")
            sys.stdout.flush()
            sys.stdout.buffer.write(body)
            """
        let result = try runProcess("/usr/bin/python3", ["-c", script, url, method])
        let lines = result.stdout.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let body = Data((lines.count > 1 ? String(lines[1]) : "").utf8)
        return (Int(lines.first ?? "") ?? 0, try? JSONSerialization.jsonObject(with: body) as? [String: Any], body)
    }

    @Test("windows fetched over HTTP hold the trace's FCD, messages and receptions; bad requests get a 4xx with a message")
    func windowsMatchTheTrace() throws {
        let dir = try TestPaths.temporaryDirectory("viz-serve")
        let run = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "3s", "-q"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let server = try Server(trace: dir + "/trace.sqlite")
        defer { server.stop() }
        #expect(server.base.hasPrefix("http://127.0.0.1:"))

        let session = try Self.get(server.base + "/api/session")
        #expect(session.status == 200)
        #expect(session.json?["mode"] as? String == "trace")
        let overview = try Self.get(server.base + "/api/overview")
        #expect(overview.json?["format"] as? String == "v2vsim-overview")
        let page = try Self.get(server.base + "/")
        #expect(String(decoding: page.body, as: UTF8.self).contains("<canvas id=\"view\""))

        // The window [1, 2] s against the trace, read independently.
        let window = try #require(try Self.get(server.base + "/api/window?from=1&to=2").json)
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let fcd = window["fcd"] as? [String: Any]
        let times = (fcd?["times"] as? [NSNumber])?.map(\.doubleValue) ?? []
        let rows = try reader.vehicles().filter { $0.time.seconds >= 1 - 1e-9 && $0.time.seconds <= 2 + 1e-9 }
        #expect(times.first == 1 && times.last == 2, "frames \(times.first ?? -1)–\(times.last ?? -1)")
        let ids = (fcd?["id"] as? [NSNumber])?.map(\.uint32Value) ?? []
        let xs = (fcd?["x"] as? [NSNumber])?.map(\.doubleValue) ?? []
        #expect(ids == rows.map(\.vehicleID))
        #expect(zip(xs, rows).allSatisfy { abs($0 - $1.x) <= 0.006 }, "x differs from the trace")
        let messages = window["messages"] as? [String: Any]
        let messageIDs = (messages?["id"] as? [NSNumber])?.map(\.uint64Value) ?? []
        let traceMessages = try reader.messages().filter { $0.tGenerated.seconds >= 0 && $0.tGenerated.seconds <= 2 + 1e-9 }
        #expect(Set(messageIDs) == Set(traceMessages.map(\.messageID)))
        #expect(window["receptions_sampled_every"] as? Int == 1)
        // Per message, the receptions and their outcome labels are the trace's.
        let offsets = (messages?["rx_offsets"] as? [NSNumber])?.map(\.intValue) ?? []
        let receptions = window["receptions"] as? [String: Any]
        let outcomes = (receptions?["outcome"] as? [NSNumber])?.map(\.intValue) ?? []
        let labels = ((window["labels"] as? [String: Any])?["outcome"] as? [String]) ?? []
        let traceReceptions = Dictionary(grouping: try reader.receptions(), by: \.messageID)
        var checked = 0
        for (i, id) in messageIDs.enumerated() where i + 1 < offsets.count {
            let mine = (offsets[i]..<offsets[i + 1]).map { labels[outcomes[$0]] }
            let truth = (traceReceptions[id] ?? []).map(VisualizerIndex.outcomeLabel)
            #expect(mine.sorted() == truth.sorted(), "message \(id)")
            checked += truth.count
        }
        #expect(checked > 100)

        // Bad requests: 4xx with a message; the server keeps serving.
        for (path, status) in [("/api/window?from=abc&to=2", 400), ("/api/window?from=5&to=1", 400), ("/api/window?to=1", 400),
                               ("/api/window?from=0&to=1000", 400), ("/api/window?from=0&to=1&vehicle=-3", 400),
                               ("/nothing", 404), ("/api/window?from=0&to=1&pad=" + String(repeating: "x", count: 3_000), 414)] {
            let answer = try Self.get(server.base + path)
            #expect(answer.status == status, "\(path.prefix(60)): \(answer.status)")
            #expect((answer.json?["error"] as? String)?.isEmpty == false, "\(path.prefix(60)): no error message")
        }
        let post = try Self.get(server.base + "/api/overview", method: "POST")
        #expect(post.status == 405)
        #expect(try Self.get(server.base + "/api/overview").status == 200)
    }

    @Test("the served page plays in a browser from windows it loads on demand",
          .enabled(if: BrowserDriver.available, "needs chromium and python3 (make test-deps)"))
    func servedPagePlays() throws {
        let dir = try TestPaths.temporaryDirectory("viz-serve-page")
        let run = try runProcess(TestPaths.cli, ["run", "Scenarios/quick.yaml", "--out", dir, "--duration", "3s", "-q"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let server = try Server(trace: dir + "/trace.sqlite")
        defer { server.stop() }
        let reader = try TraceReader(path: dir + "/trace.sqlite")
        let at1 = try reader.vehicles().filter { $0.time.nanoseconds == 1_500_000_000 }.count
        let report = try BrowserDriver.run(url: server.base + "/", screenshots: "served", ["--check-time", "1.5"])
        #expect(report["ready"] as? String == "true", "\(report["error_text"] ?? "")")
        #expect(report.number("check.drawn") == Double(at1))
        #expect((report["console_errors"] as? [Any])?.isEmpty == true, "\(report["console_errors"] ?? "")")
    }
}
