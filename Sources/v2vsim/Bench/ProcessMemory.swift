import Foundation

/// Peak resident memory of this process, from Linux's `/proc/self/status`.
enum ProcessMemory {
    /// The peak resident set size (`VmHWM`) in bytes, or nil where `/proc` does not say.
    static var peakResidentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
        }
        return nil
    }

    /// Resets the peak to the current resident size (writing `5` to `/proc/self/clear_refs`, Linux ≥ 4.0),
    /// so that the next reading is the peak of what runs in between. Returns whether it worked; if not,
    /// readings stay the peak of the whole process so far.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }
}
