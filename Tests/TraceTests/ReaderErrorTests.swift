import Foundation
import GRDB
import Testing
import Trace

@Suite("Reader on files that are not traces")
struct ReaderErrorTests {
    /// Opens `path`, expecting a ``TraceError`` whose description names the path and contains `phrase`.
    private func expectError(_ path: String, contains phrase: String) {
        do {
            _ = try TraceReader(path: path)
            Issue.record("expected a TraceError for \(path)")
        } catch {
            #expect(error.path == path)
            #expect(error.description.hasPrefix(path + ": "), "\(error.description)")
            #expect(error.description.contains(phrase), "\(error.description)")
        }
    }

    @Test("a missing file")
    func missing() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        self.expectError(dir.file("nope.sqlite"), contains: "no such file")
    }

    @Test("a file of random bytes")
    func garbage() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("garbage.sqlite")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<8192).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        self.expectError(path, contains: "not a v2vsim trace (not a SQLite database")
    }

    @Test("an empty file")
    func empty() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        self.expectError(path, contains: "not a v2vsim trace (no meta table)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty, "the reader must not write")
    }

    @Test("a SQLite file without a meta table")
    func otherSQLite() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("other.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE people (name TEXT)") }
        self.expectError(path, contains: "not a v2vsim trace (no meta table)")
    }

    @Test("a meta table without schema_version, or with an unknown one")
    func schemaVersion() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let noVersion = dir.file("no-version.sqlite")
        try DatabaseQueue(path: noVersion).write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        }
        self.expectError(noVersion, contains: "not a v2vsim trace (meta has no schema_version)")

        let future = dir.file("future.sqlite")
        try DatabaseQueue(path: future).write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            try db.execute(sql: "INSERT INTO meta VALUES ('schema_version', '99')")
        }
        self.expectError(future, contains: "unknown schema_version '99'")

        let older = dir.file("older.sqlite")
        try DatabaseQueue(path: older).write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            try db.execute(sql: "INSERT INTO meta VALUES ('schema_version', '3')")
        }
        self.expectError(older, contains: "schema_version 3 was written by an older v2vsim; this build reads versions 4 to 7")
    }

    @Test("an oversized meta cell or key is refused, naming the trace, the key and the limit")
    func oversizedMeta() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let big = dir.file("big-cell.sqlite")
        try DatabaseQueue(path: big).write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            try db.execute(sql: "INSERT INTO meta VALUES ('schema_version', '7')")
            // zeroblob builds the 4 MiB + 1 cell inside SQLite; cast to text, as a hostile writer would store it.
            try db.execute(
                sql: "INSERT INTO meta VALUES ('scenario_text', CAST(zeroblob(?) AS TEXT))",
                arguments: [TraceReader.maximumMetaValueBytes + 1])
        }
        self.expectError(
            big, contains: "meta value of key 'scenario_text' is \(TraceReader.maximumMetaValueBytes + 1) bytes, "
                + "more than the limit of \(TraceReader.maximumMetaValueBytes)")

        let longKey = dir.file("long-key.sqlite")
        try DatabaseQueue(path: longKey).write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            try db.execute(sql: "INSERT INTO meta VALUES ('schema_version', '7')")
            try db.execute(sql: "INSERT INTO meta VALUES (?, 'x')", arguments: [String(repeating: "k", count: 300)])
        }
        self.expectError(longKey, contains: "meta key '\(String(repeating: "k", count: 64))…' is 300 bytes, more than the limit of 256")

        // At the limit the reader goes on to its next check.
        let atLimit = dir.file("at-limit.sqlite")
        try DatabaseQueue(path: atLimit).write { db in
            try db.execute(sql: "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            try db.execute(sql: "INSERT INTO meta VALUES ('schema_version', '99')")
            try db.execute(
                sql: "INSERT INTO meta VALUES ('scenario_text', CAST(zeroblob(?) AS TEXT))",
                arguments: [TraceReader.maximumMetaValueBytes])
        }
        self.expectError(atLimit, contains: "unknown schema_version '99'")
    }

    @Test("a directory is not a trace")
    func directory() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        do {
            _ = try TraceReader(path: dir.path)
            Issue.record("expected a TraceError")
        } catch {
            #expect(error.description.hasPrefix(dir.path + ": "), "\(error.description)")
        }
    }
}
