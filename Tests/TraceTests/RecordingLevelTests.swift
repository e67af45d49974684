import GRDB
import Radio
import SimKernel
import Testing
import Trace
import V2X

/// Which reception rows each `record.receptions` level keeps, and how the label columns are stored.
@Suite("Recording levels and reception codes")
struct RecordingLevelTests {
    /// Row `i` of a synthetic run: every 10th rejected (bad signature), every 7th lost on air, the rest accepted.
    static func row(_ i: Int) -> ReceptionRow {
        let lost = i % 7 == 3
        let rejected = !lost && i % 10 == 0
        return ReceptionRow(
            messageID: UInt64(i / 20), receiverKind: i % 20 == 19 ? "rsu" : "vehicle", receiverID: UInt32(i % 20),
            tReceived: .milliseconds(Int64(i)), distance: Double(i % 500), radioOutcome: lost ? "collision" : "received",
            verifyOutcome: lost ? "" : (rejected ? "rejected" : "accepted"), reason: rejected ? "bad_signature" : "",
            tVerifyStart: lost ? nil : .milliseconds(Int64(i)), tVerified: lost ? nil : .milliseconds(Int64(i) + 1),
            latency: lost || rejected ? nil : .microseconds(900), actedOn: false)
    }

    static let rows = (0..<20_000).map(Self.row)

    /// Records `rows` at `level` and reads back the receptions and meta.
    static func recorded(
        _ level: ReceptionRecording, rows: [ReceptionRow] = Self.rows, seed: UInt64 = 42
    ) throws -> (rows: [ReceptionRow], meta: [String: String]) {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        var meta = SampleRows.meta
        meta.seed = seed
        let recorder = try TraceRecorder(path: path, meta: meta, receptions: level)
        for row in rows { try recorder.record(row) }
        try recorder.finish(summary: [:])
        let reader = try TraceReader(path: path)
        return (try reader.receptions(), reader.meta)
    }

    @Test("all keeps every row; without radio losses it drops exactly the lost frames")
    func all() throws {
        let kept = try Self.recorded(.all)
        #expect(kept.rows == Self.rows)
        #expect(kept.meta["record_receptions"] == "all")
        #expect(kept.meta["receptions_recorded"] == "20000")
        #expect(kept.meta["receptions_omitted"] == "0")

        let noLosses = try Self.recorded(ReceptionRecording(level: .all, radioLosses: false))
        #expect(noLosses.rows == Self.rows.filter { $0.radioOutcome == "received" })
        #expect(noLosses.rows.count == 20_000 - (0..<20_000).filter { $0 % 7 == 3 }.count)
    }

    @Test("rejected keeps the rejected rows only, none keeps nothing")
    func rejectedAndNone() throws {
        let rejected = try Self.recorded(ReceptionRecording(level: .rejected))
        let expected = Self.rows.filter { $0.verifyOutcome == "rejected" }
        #expect(rejected.rows == expected)
        #expect(expected.count == (0..<20_000).filter { $0 % 7 != 3 && $0 % 10 == 0 }.count)
        #expect(rejected.meta["receptions_omitted"] == String(20_000 - expected.count))

        let none = try Self.recorded(ReceptionRecording(level: .none))
        #expect(none.rows.isEmpty)
        #expect(none.meta["record_receptions"] == "none")
        #expect(none.meta["receptions_omitted"] == "20000")
    }

    @Test("sample keeps every rejection and about the rate of the rest, the same rows every time")
    func sample() throws {
        let level = ReceptionRecording(level: .sample, sampleRate: 0.1)
        let first = try Self.recorded(level)
        let again = try Self.recorded(level)
        #expect(first.rows == again.rows)
        let rejected = Self.rows.filter { $0.verifyOutcome == "rejected" }
        #expect(first.rows.filter { $0.verifyOutcome == "rejected" } == rejected)
        let others = Self.rows.count - rejected.count
        let sampled = first.rows.count - rejected.count
        // Binomial(others, 0.1): mean 1800, standard deviation about 40; 5 sigma either side.
        let mean = Double(others) * 0.1
        #expect(abs(Double(sampled) - mean) < 5 * (mean * 0.9).squareRoot(), "sampled \(sampled) of \(others)")
        // Lost frames are sampled like the rest.
        #expect(first.rows.contains { $0.radioOutcome == "collision" })
        #expect(first.meta["record_sample_rate"] == "0.1")

        // Another seed chooses other rows; a rate of 1 keeps everything.
        let otherSeed = try Self.recorded(level, seed: 43)
        #expect(otherSeed.rows != first.rows)
        #expect(try Self.recorded(ReceptionRecording(level: .sample, sampleRate: 1)).rows == Self.rows)
    }

    @Test("a sampled row is chosen by (seed, message, receiver), not by its position in the run")
    func samplingIsPerPair() throws {
        let level = ReceptionRecording(level: .sample, sampleRate: 0.3)
        let forward = try Self.recorded(level, rows: Array(Self.rows.prefix(3_000)))
        let backward = try Self.recorded(level, rows: Array(Self.rows.prefix(3_000).reversed()))
        #expect(forward.rows == backward.rows.reversed())
    }

    @Test("label columns are stored as the documented integer codes and read back as names")
    func codes() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta)
        let rows = [
            Self.row(0),  // received, rejected, bad_signature
            Self.row(3),  // collision, lost
            Self.row(1),  // received, accepted
            ReceptionRow(
                messageID: 9, receiverKind: "vehicle", receiverID: 1, tReceived: .zero, distance: 1,
                radioOutcome: "half_duplex", verifyOutcome: "unchecked", reason: "", tVerified: nil, latency: nil,
                actedOn: false),
            ReceptionRow(
                messageID: 9, receiverKind: "vehicle", receiverID: 2, tReceived: .zero, distance: 1,
                radioOutcome: "received", verifyOutcome: "rejected", reason: "a_reason_from_the_future", tVerified: nil,
                latency: nil, actedOn: false),
        ]
        for row in rows { try recorder.record(row) }
        try recorder.finish(summary: [:])
        #expect(try TraceReader(path: path).receptions() == rows)

        let stored = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: """
                SELECT typeof(radio_outcome), radio_outcome, verify_outcome, reason FROM receptions ORDER BY rowid
                """).map { [$0[0] as String, String($0[1] as Int64), String($0[2] as Int64), String($0[3] as Int64)] }
        }
        #expect(stored == [
            ["integer", "0", "2", "5"], ["integer", "2", "0", "0"], ["integer", "0", "1", "0"],
            ["integer", "3", "3", "0"], ["integer", "0", "2", "1000"],
        ])
        let dynamic = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM reception_codes WHERE column_name = 'reason' AND code >= 1000")
        }
        #expect(dynamic == ["a_reason_from_the_future"])
    }

    @Test("every radio outcome and rejection reason of this build has a fixed code")
    func fixedCodesCoverTheVocabulary() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta)
        for outcome in RadioOutcome.allCases {
            try recorder.record(ReceptionRow(
                messageID: 1, receiverKind: "vehicle", receiverID: 1, tReceived: .zero, distance: 1,
                radioOutcome: outcome.rawValue, verifyOutcome: "", reason: "", tVerified: nil, latency: nil, actedOn: false))
        }
        for reason in RejectionReason.allCases {
            let outcome = VerificationOutcome.rejected(reason)
            try recorder.record(ReceptionRow(
                messageID: 2, receiverKind: "rsu", receiverID: 1, tReceived: .zero, distance: 1,
                radioOutcome: "received", verifyOutcome: outcome.label, reason: outcome.reasonCode, tVerified: nil,
                latency: nil, actedOn: false))
        }
        for outcome in [VerificationOutcome.accepted, .unchecked] {
            try recorder.record(ReceptionRow(
                messageID: 3, receiverKind: "rsu", receiverID: 1, tReceived: .zero, distance: 1,
                radioOutcome: "received", verifyOutcome: outcome.label, reason: outcome.reasonCode, tVerified: nil,
                latency: nil, actedOn: false))
        }
        try recorder.finish(summary: [:])
        let dynamicCodes = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM reception_codes WHERE code >= 1000")
        }
        #expect(dynamicCodes == 0, "a name without a fixed code: add it to ReceptionCodebook and docs/trace.md")
    }

    @Test("a counting sink counts as the recorder keeps")
    func countingSink() throws {
        let level = ReceptionRecording(level: .sample, sampleRate: 0.2)
        let sink = CountingSink(receptions: level, seed: 42)
        for row in Self.rows { try sink.record(row) }
        try sink.record(SampleRows.vehicles[0])
        try sink.finish(summary: ["k": "v"])
        #expect(sink.counts.receptionsOffered == 20_000)
        #expect(sink.counts.receptionsKept == (try Self.recorded(level).rows.count))
        #expect(sink.counts.vehicles == 1)
        #expect(sink.counts.rowsKept == sink.counts.receptionsKept + 1)
        #expect(sink.summary == ["k": "v"])
    }
}
