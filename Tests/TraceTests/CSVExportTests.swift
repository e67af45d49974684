import Foundation
import Testing
import Trace

@Suite("CSV export")
struct CSVExportTests {
    /// Records the sample rows, exports them, and returns each file's lines by file name.
    private func exportSample(_ dir: TemporaryDirectory) throws -> [String: [String]] {
        let trace = dir.file("trace.sqlite")
        try SampleRows.record(to: trace)
        let written = try CSVExporter.export(tracePath: trace, to: dir.file("csv/nested"))
        #expect(written == CSVExporter.fileNames.map { dir.file("csv/nested/" + $0) })
        var files: [String: [String]] = [:]
        for path in written {
            let text = try readText(path)
            #expect(text.hasSuffix("\n"))
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            files[URL(fileURLWithPath: path).lastPathComponent] = lines
        }
        return files
    }

    @Test("headers are exactly the documented column names")
    func headers() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let files = try self.exportSample(dir)
        #expect(
            files["vehicles.csv"]?.first == "time_s,vehicle_id,x_m,y_m,angle_deg,speed_mps,accel_mps2,lane,type,policy,pos_m")
        #expect(
            files["messages.csv"]?.first
                == "message_id,sender,pseudonym,type,t_generated,t_signed,t_transmit_start,t_transmit_end,size_bytes,"
                + "envelope_hex,signer_public_key_hex,attacker")
        #expect(
            files["receptions.csv"]?.first
                == "message_id,receiver_kind,receiver,t_received,distance_m,radio_outcome,verify_outcome,reason,"
                + "t_verify_start,t_verified,latency_ms,acted_on")
        #expect(
            files["blocks.csv"]?.first
                == "height,hash,previous_hash,merkle_root,proposer,t_proposed,t_final,leaf_count,signatures,header_hex")
        #expect(
            files["anchors.csv"]?.first
                == "message_id,height,leaf_index,leaf_hash,t_generated,t_final,anchoring_latency_ms")
        #expect(files["incidents.csv"]?.first == "time_s,kind,vehicle_a,vehicle_b,value,detail")
        #expect(files["leaves.csv"]?.first == "height,leaf_index,kind,leaf_hex,leaf_hash,t_final")
        #expect(files["consensus.csv"]?.first == "time_s,rsu,kind,view,height,bytes,recipients")
        #expect(
            files["ledger.csv"]?.first
                == "height,proposer,t_proposed,t_final,finality_ms,leaves,messages,reports,revocations,registrations,"
                + "bytes,votes,anchoring_latency_mean_ms,anchoring_latency_max_ms")
        // Block 3: 4 header bytes, leaves of 33 and 2 bytes, 3 votes; one anchor 512.346 ms after generation.
        #expect(files["ledger.csv"]?.dropFirst() == ["3,2,0.500000,0.512000,12.000,17,1,0,0,1,243,3,512.346,512.346"])
    }

    @Test("values use fixed decimals, round half away from zero, and leave nil empty")
    func values() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let files = try self.exportSample(dir)
        #expect(
            files["vehicles.csv"]?.dropFirst() == [
                "1.500000,7,-12.346,0.001,360.00,2.001,0.000,2,car,expert,12.346",
                "1.600000,8,0.000,-3.500,0.00,33.333,-1.001,0,truck,Policies/mlp.safetensors,0.000",
            ])
        #expect(
            files["messages.csv"]?.dropFirst() == [
                "42,7,00112233aabbccdd,sensor_broadcast,1.000000,1.000050,1.000123,1.000124,300,00abff,0102,",
                "18446744073709551615,9,ffffffffffffffff,hazard,0.000000,0.000000,0.000000,9223372036.854776,"
                    + "0,,,replay",
            ])
        #expect(
            files["receptions.csv"]?.dropFirst() == [
                "42,vehicle,8,1.000200,123.457,received,accepted,,1.000250,1.000320,2.346,1",
                "42,rsu,1,1.000200,0.000,collision,unchecked,,,,,0",
            ])
        #expect(
            files["blocks.csv"]?.dropFirst() == ["3,aa11,bb22,cc33,2,0.500000,0.512000,17,1:ab;2:cd;3:ef,deadbeef"])
        #expect(files["anchors.csv"]?.dropFirst() == ["42,3,5,dd44,1.000000,1.512346,512.346"])
    }

    @Test("a field with a comma or a quote is quoted per RFC 4180; others are not")
    func quoting() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let files = try self.exportSample(dir)
        #expect(
            files["incidents.csv"]?.dropFirst() == [
                #"2.000000,near_miss,7,,-1.235,"said ""stop"", then braked""#,
                "3.000000,collision,7,8,12.500,rear-end",
            ])
    }

    @Test("two identical recordings export byte-identical CSV files")
    func deterministic() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        for run in ["a", "b"] {
            try SampleRows.record(to: dir.file("\(run).sqlite"), batchSize: run == "a" ? 1 : 5_000)
            _ = try CSVExporter.export(tracePath: dir.file("\(run).sqlite"), to: dir.file(run))
        }
        for name in CSVExporter.fileNames {
            let first = try Data(contentsOf: URL(fileURLWithPath: dir.file("a/" + name)))
            let second = try Data(contentsOf: URL(fileURLWithPath: dir.file("b/" + name)))
            #expect(first == second, "\(name) differs")
            #expect(!first.isEmpty)
        }
    }

    @Test("an export leaves only the documented CSV files, and a second export replaces them")
    func noPartialFilesLeft() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let trace = dir.file("trace.sqlite")
        try SampleRows.record(to: trace)
        _ = try CSVExporter.export(tracePath: trace, to: dir.file("out"))
        _ = try CSVExporter.export(tracePath: trace, to: dir.file("out/"))
        #expect(try FileManagerListing.names(in: dir.file("out")) == CSVExporter.fileNames.sorted())
    }

    @Test("exporting a missing trace throws a TraceError naming it and writes nothing")
    func missingTrace() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: TraceError(path: dir.file("none.sqlite"), problem: .missing)) {
            try CSVExporter.export(tracePath: dir.file("none.sqlite"), to: dir.file("out"))
        }
        #expect(!fileExists(dir.file("out")))
    }
}
