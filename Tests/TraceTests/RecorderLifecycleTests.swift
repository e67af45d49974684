import Foundation
import GRDB
import Testing
import Trace

@Suite("Recorder lifecycle")
struct RecorderLifecycleTests {
    @Test("rows go to <path>.partial; the final path appears only at finish")
    func finishRenames() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta, batchSize: 1)
        #expect(recorder.partialPath == path + ".partial")
        for row in SampleRows.vehicles { try recorder.record(row) }
        #expect(fileExists(path + ".partial"))
        #expect(!fileExists(path))

        try recorder.finish(summary: [:])
        #expect(fileExists(path))
        #expect(!fileExists(path + ".partial"))
        #expect(try TraceReader(path: path).vehicles().count == 2)
    }

    @Test("abandon deletes the partial file and leaves no trace")
    func abandonLeavesNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta, batchSize: 1)
        try recorder.record(SampleRows.vehicles[0])
        recorder.abandon()
        recorder.abandon()
        #expect(!fileExists(path))
        #expect(!fileExists(path + ".partial"))
        #expect(try FileManagerListing.names(in: dir.path).isEmpty)
    }

    @Test("a closed recorder refuses rows and a second finish")
    func closedRecorderThrows() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta)
        try recorder.finish(summary: [:])
        #expect(throws: TraceError(path: path, problem: .recorderClosed)) {
            try recorder.record(SampleRows.incidents[0])
        }
        #expect(throws: TraceError(path: path, problem: .recorderClosed)) {
            try recorder.finish(summary: [:])
        }
        recorder.abandon()
        #expect(fileExists(path), "abandon after finish must not touch the finished trace")
    }

    @Test("a summary key may not overwrite the recorder's own meta keys")
    func reservedSummaryKey() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta)
        #expect(throws: TraceError(path: path + ".partial", problem: .reservedMetaKey("seed"))) {
            try recorder.finish(summary: ["seed": "7"])
        }
        #expect(!fileExists(path))
        recorder.abandon()
    }

    @Test("finish replaces an older trace at the final path; a leftover partial is replaced at start")
    func replacesOldFiles() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        try SampleRows.record(to: path)
        try "junk from a crashed run".write(toFile: path + ".partial", atomically: false, encoding: .utf8)

        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta)
        #expect(try TraceReader(path: path).vehicles().count == 2, "the old trace stays readable until finish")
        try recorder.record(SampleRows.vehicles[1])
        try recorder.finish(summary: [:])
        #expect(try TraceReader(path: path).vehicles() == [SampleRows.vehicles[1]])
    }

    @Test("finish waits for another process's read lock on the partial file instead of failing the run")
    func finishWaitsForReader() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta, batchSize: 1)
        for row in SampleRows.vehicles { try recorder.record(row) }

        // A reader (as `sqlite3 trace.sqlite.partial` would be) holds a shared lock for 0.4 s.
        var configuration = Configuration()
        configuration.readonly = true
        let peek = try DatabaseQueue(path: recorder.partialPath, configuration: configuration)
        let locked = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? peek.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vehicles")
                locked.signal()
                Thread.sleep(forTimeInterval: 0.4)
            }
            released.signal()
        }
        locked.wait()
        try recorder.finish(summary: [:])
        released.wait()
        #expect(try TraceReader(path: path).vehicles().count == 2)
    }
}
