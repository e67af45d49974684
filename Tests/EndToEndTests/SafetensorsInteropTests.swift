import Foundation
import Policy
import Testing
import V2VTestSupport

/// A Python environment with Hugging Face's `safetensors` and numpy from PyPI: the one `make test-deps`
/// keeps outside the clone (named by `V2VSIM_PYTHON_INTEROP`), or else a virtual environment under the
/// build directory, installed the first time a test needs it.
enum PythonInterop {
    /// The environment's directory: `$V2VSIM_PYTHON_INTEROP`, or `.build/python-interop`.
    static let directory = ProcessInfo.processInfo.environment["V2VSIM_PYTHON_INTEROP"].flatMap { $0.isEmpty ? nil : $0 }
        ?? TestPaths.repositoryRoot.appendingPathComponent(".build/python-interop").path
    static var python: String { directory + "/bin/python" }

    /// Whether the environment is usable, installing it when it is not yet there. Evaluated once per
    /// test process (a global's initialiser runs once, even with tests in parallel).
    static let available: Bool = {
        if Self.imports() { return true }
        guard (try? runProcess("/usr/bin/env", ["python3", "-m", "venv", directory]))?.status == 0 else { return false }
        let pip = try? runProcess(
            directory + "/bin/pip", ["install", "--quiet", "--disable-pip-version-check", "safetensors", "numpy"])
        return pip?.status == 0 && Self.imports()
    }()

    private static func imports() -> Bool {
        FileManager.default.isExecutableFile(atPath: python)
            && (try? runProcess(python, ["-c", "import safetensors, numpy"]))?.status == 0
    }

    /// Runs `Tests/Python/safetensors_interop.py` into a fresh directory and returns it.
    static func writePolicies() throws -> String {
        let dir = try TestPaths.temporaryDirectory("interop")
        let script = TestPaths.repositoryRoot.appendingPathComponent("Tests/Python/safetensors_interop.py").path
        let result = try runProcess(python, [script, dir])
        try #require(result.status == 0, "the Python writer failed: \(result.stderr)")
        return dir
    }
}

@Suite(
    "Weights written by Python's safetensors and numpy",
    .serialized,
    .enabled(if: PythonInterop.available, "skipped: no network/pip (cannot install safetensors and numpy from PyPI into .build/python-interop)"))
struct SafetensorsInteropTests {
    @Test("F32 and F64 files load, and their actions match numpy's forward pass to 1e-6")
    func actionsMatchNumpy() throws {
        let dir = try PythonInterop.writePolicies()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(expected["observations"] as? [[String: Any]])
        let observations = rows.map { row in
            Observation(
                speed: row["speed"] as! Double, desiredSpeed: row["desired"] as! Double, gap: row["gap"] as? Double,
                leaderSpeed: row["leader"] as! Double)
        }
        #expect(observations.count == 64 && observations.contains { $0.gap == nil })
        for dtype in ["f32", "f64"] {
            let numpy = try #require(expected[dtype] as? [Double])
            let policy = try PolicyFile.load(path: "\(dir)/policy-\(dtype).safetensors")
            #expect(policy.network.widths == [4, 16, 8, 1])
            var batch = [DrivingAction](repeating: .none, count: observations.count)
            policy.decide(observations, into: &batch)
            for (k, observation) in observations.enumerated() {
                let single = policy.acceleration(for: observation)
                #expect(abs(single - numpy[k]) <= 1e-6, "\(dtype) observation \(k): v2vsim \(single), numpy \(numpy[k])")
                #expect(batch[k].acceleration == single, "\(dtype) observation \(k): batch differs from a single call")
            }
            // The set reaches the clamp and the linear range, so both paths are compared.
            #expect(numpy.contains { $0 == 3 || $0 == -9 } && numpy.contains { $0 > -9 && $0 < 3 })
        }
        let inspect = try runProcess(TestPaths.cli, ["policy", "inspect", dir + "/policy-f64.safetensors"])
        #expect(inspect.status == 0, "stderr: \(inspect.stderr)")
        #expect(inspect.stdout.contains("4 → 16 → 8 → 1"), "\(inspect.stdout)")
    }

    @Test("truncated, oversized, wrong-shape, NaN-holding and wrong-metadata files are refused through the CLI")
    func badFiles() throws {
        let dir = try PythonInterop.writePolicies()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases = [
            ("truncated", "tensor 'layers.0.weight': data_offsets [64, 320] outside the"),
            ("oversized", "larger than the 16 MiB a weights file may have"),
            ("shape", "network maps 5 inputs to 1 outputs; a policy needs 4 → 1"),
            ("nan", "tensor 'layers.1.weight': element 35 is not finite"),
            ("metadata", "not a v2vsim policy: metadata format is 'pytorch-state-dict', expected 'v2vsim-mlp-1'"),
            ("features", "policy expects features 'observation-v9', this build provides 'observation-v1'"),
        ]
        for (name, problem) in cases {
            let file = "\(dir)/bad-\(name).safetensors"
            let inspect = try runProcess(TestPaths.cli, ["policy", "inspect", file])
            #expect(inspect.status == 64, "\(name): exit \(inspect.status)")
            #expect(inspect.stderr.contains("\(file): \(problem)"), "\(name): \(inspect.stderr)")
            // A scenario naming the file: the problem at the policy's line and column.
            let scenario = "\(dir)/uses-\(name).yaml"
            try "name: bad\nduration: 2s\ntraffic:\n  - { count: 3, policy: \(file) }\n"
                .write(toFile: scenario, atomically: true, encoding: .utf8)
            let validate = try runProcess(TestPaths.cli, ["validate", scenario])
            #expect(validate.status == 64, "\(name): exit \(validate.status)")
            #expect(validate.stderr.contains("\(scenario):4:25: traffic[0].policy: cannot use this policy: \(file): \(problem)"),
                    "\(name): \(validate.stderr)")
            #expect(!validate.stderr.contains("Fatal error"))
        }
    }
}
