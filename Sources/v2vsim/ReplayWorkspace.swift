import Foundation
import Trace
import V2VSim

/// A private temporary directory for a re-run's trace, removed when the command is done with it.
struct ReplayWorkspace {
    let directory: String
    var tracePath: String { self.directory + "/replay.sqlite" }

    /// Creates a fresh directory under the system's temporary directory (`mkdtemp`, so two commands
    /// running at once never share one).
    init() throws {
        var template = Array((NSTemporaryDirectory() + "/v2vsim-replay-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else {
            throw Replay.Failure(description: "cannot create a temporary directory for the re-run")
        }
        self.directory = String(cString: made)
    }

    /// Deletes the directory and the re-run's trace.
    func remove() {
        try? FileManager.default.removeItem(atPath: self.directory)
    }

    /// Re-runs `reader`'s recording into this workspace.
    func rerun(_ reader: TraceReader) throws -> Replay.Outcome {
        try Replay.rerun(reader, into: self.tracePath, threads: Simulation.defaultThreads)
    }
}
