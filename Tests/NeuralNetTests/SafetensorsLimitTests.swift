import Foundation
import Testing

@testable import NeuralNet

/// Weights files are untrusted: each size a file states is checked against a limit before
/// anything is allocated for it (docs/limits.md).
@Suite("Limits of the weights-file reader")
struct SafetensorsLimitTests {
    private func file(header: String, data: [UInt8] = []) -> [UInt8] {
        let n = UInt64(header.utf8.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + Array(header.utf8) + data
    }

    /// The error for `bytes`, or nil when they decode, and whether that took under a second of
    /// this thread's processor time (wall-clock time is stretched by whatever else the machine runs).
    private func problem(_ bytes: [UInt8]) -> (problem: String?, fast: Bool) {
        let start = Self.threadCPUSeconds()
        var problem: String?
        do { _ = try Safetensors.read(bytes, path: "w.safetensors") } catch { problem = error.description }
        return (problem, Self.threadCPUSeconds() - start < 1)
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    @Test("a header longer than 1 MiB is refused from its stated length alone")
    func headerLength() {
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes[0...3] = [0x01, 0x00, 0x10, 0x00]  // 1 MiB + 1
        #expect(self.problem(bytes).problem == "w.safetensors: header length 1048577 is more than the 1 MiB a header may have")
    }

    @Test("a file over 16 MiB is refused, from bytes and from disk")
    func fileSize() throws {
        let big = [UInt8](repeating: 0, count: (16 << 20) + 1)
        #expect(self.problem(big).problem == "w.safetensors: 16777217 bytes, larger than the 16 MiB a weights file may have")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(ProcessInfo.processInfo.processIdentifier).safetensors").path
        try Data(big).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for file in [path, "/dev/zero"] {
            #expect(throws: WeightsFileError(path: file, problem: "larger than the 16 MiB a weights file may have")) {
                _ = try Safetensors.readFile(path: file)
            }
        }
    }

    @Test("more than 1024 tensors are refused before any is read")
    func tensorCount() {
        let entries = (0..<1_025).map { "\"t\($0)\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}" }
        let result = self.problem(self.file(header: "{" + entries.joined(separator: ",") + "}"))
        #expect(result.problem == "w.safetensors: header lists 1025 tensors, more than 1024")
        #expect(result.fast)
        let allowed = (0..<1_024).map { "\"t\($0)\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}" }
        #expect(self.problem(self.file(header: "{" + allowed.joined(separator: ",") + "}")).problem == nil)
    }

    @Test("a shape of more than 8 dimensions, or one whose byte size overflows, is refused")
    func shapes() {
        let rank9 = "{\"t\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}"
        #expect(self.problem(self.file(header: rank9, data: [0, 0, 0, 0])).problem
            == "w.safetensors: tensor 't': shape has 9 dimensions, more than 8")
        // 2²⁴ · 2²⁴ · 2¹³ elements fit in Int; times 8 bytes they do not (this used to trap).
        let overflow = "{\"t\":{\"dtype\":\"F64\",\"shape\":[16777216,16777216,8192],\"data_offsets\":[0,0]}}"
        #expect(self.problem(self.file(header: overflow)).problem?.contains("needs 2305843009213693952 × 8 bytes") == true)
    }

    @Test("JSON nested deeper than 8 levels is refused before it is parsed")
    func nesting() {
        let deep = "{\"t\":" + String(repeating: "[", count: 500_000) + String(repeating: "]", count: 500_000) + "}"
        let result = self.problem(self.file(header: deep))
        #expect(result.problem == "w.safetensors: header nests JSON deeper than 8 levels")
        #expect(result.fast)
        // Brackets inside strings do not count.
        let quoted = "{\"__metadata__\":{\"note\":\"[[[[[[[[[[[[\\\"]]]]\"}}"
        #expect(self.problem(self.file(header: quoted)).problem == nil)
    }
}
