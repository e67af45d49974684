import Testing
import Trace

@Suite("Round trip through SQLite")
struct RoundTripTests {
    @Test("every row type reads back equal, in insertion order", arguments: [1, 2, 5_000])
    func everyRowType(batchSize: Int) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        try SampleRows.record(to: path, batchSize: batchSize)

        let reader = try TraceReader(path: path)
        #expect(try reader.vehicles() == SampleRows.vehicles)
        #expect(try reader.messages() == SampleRows.messages)
        #expect(try reader.receptions() == SampleRows.receptions)
        #expect(try reader.blocks() == SampleRows.blocks)
        #expect(try reader.anchors() == SampleRows.anchors)
        #expect(try reader.incidents() == SampleRows.incidents)
        #expect(try reader.leaves() == SampleRows.leaves)
        #expect(try reader.consensusMessages() == SampleRows.consensus)
    }

    @Test("meta holds the run's identity and the summary")
    func meta() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        try SampleRows.record(to: path)

        let meta = try TraceReader(path: path).meta
        #expect(meta["schema_version"] == "7")
        #expect(meta["scenario_name"] == "unit")
        #expect(meta["scenario_text"] == "name: unit\nseed: 42\n")
        #expect(meta["seed"] == "42")
        #expect(meta["program_version"] == "0.0-test")
        #expect(meta["messages_sent"] == "2")
        #expect(meta["verify_calls"] == "1")
        // The recording level (the default: everything) and what it kept of the two sample receptions.
        #expect(meta["record_receptions"] == "all")
        #expect(meta["record_sample_rate"] == "0.01")
        #expect(meta["record_radio_losses"] == "true")
        #expect(meta["receptions_recorded"] == "2")
        #expect(meta["receptions_omitted"] == "0")
        #expect(meta.count == 12)
    }

    @Test("streaming reads visit the same rows as the array reads")
    func streaming() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        try SampleRows.record(to: path)

        let reader = try TraceReader(path: path)
        var ids: [UInt32] = []
        try reader.forEachVehicle { ids.append($0.vehicleID) }
        #expect(ids == [7, 8])
        var count = 0
        try reader.forEachReception { _ in count += 1 }
        #expect(count == 2)
    }

    @Test("NaN survives as NaN and infinities as themselves")
    func nonFiniteDoubles() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("trace.sqlite")
        let recorder = try TraceRecorder(path: path, meta: SampleRows.meta)
        var row = SampleRows.vehicles[0]
        row.x = .nan
        row.y = .infinity
        row.speed = -.infinity
        try recorder.record(row)
        try recorder.finish(summary: [:])

        let back = try #require(try TraceReader(path: path).vehicles().first)
        #expect(back.x.isNaN)
        #expect(back.y == .infinity)
        #expect(back.speed == -.infinity)
    }
}
