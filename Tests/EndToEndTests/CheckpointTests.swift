import Foundation
import Scenario
import SimKernel
import Testing
import Trace
import V2VSim
import V2VTestSupport

/// Checkpoints (`record.checkpoint`): a run resumed from one continues exactly as the recording did,
/// a damaged one is refused with the reason, and a what-if resumes with a change.
///
/// Not `.serialized`: the tests share one recording and only read it; each writes to its own
/// temporary directory, and in parallel they do not queue behind the whole test run.
@Suite("Checkpoints, resume and what-if")
struct CheckpointTests {
    /// Attackers (a false hazard warning and ghost identities), RSUs and the ledger, a road hazard,
    /// pseudonym changes and the physical channel, all within 4 s, a checkpoint every second.
    static let scenarioText = """
        name: checkpoint-tiny
        seed: 3
        duration: 4s
        step: 100ms
        road:
          kind: highway
          length: 1500m
          lanes: 2
          speed_limit: 120km/h
          hazards: [{ kind: stopped_vehicle, at: 1s, position: 1200m, lane: 1 }]
        traffic:
          - { type: car, count: 8, policy: expert, sensor: { range: 150m, fov: 60 } }
        beacons: { rate: 10Hz }
        radio: { model: two-ray, tx_power: 13dBm, sensitivity: -89dBm, fading: nakagami }
        security: { verify: full, pseudonym_change: 2s }
        rsus: { every: 1km, range: 600m, backhaul: { latency: 5ms } }
        ledger: { block_interval: 500ms }
        attackers:
          - { type: FakeHazard, vehicles: [3], start: 1s, denm_interval: 1s, hazard_distance: 100m }
          - { type: GridSybil, vehicles: [5], start: 1s }
        record: { checkpoint: 1s }
        """

    /// The tiny scenario recorded once per test run.
    static let recording: Result<Recording, any Error> = Result {
        let scenario = try ScenarioLoader.load(text: Self.scenarioText, path: "checkpoint-tiny.yaml")
        let (summary, trace) = try recordRun(scenario, label: "checkpoint")
        return Recording(trace: trace, summary: summary)
    }

    struct Recording: Sendable {
        let trace: String
        let summary: RunSummary
    }

    static func recorded() throws -> (trace: String, summary: RunSummary) {
        let recording = try Self.recording.get()
        return (recording.trace, recording.summary)
    }

    static func count(_ reader: TraceReader, receptionsIn range: ClosedRange<SimTime>) throws -> Int {
        var n = 0
        try reader.forEachReceptionRow(inTime: range) { _ in n += 1 }
        return n
    }

    @Test("resumed at 2.5 s from the 2 s checkpoint: every row, per-second digest and later checkpoint equals the uninterrupted run's")
    func resumeEqualsUninterrupted() throws {
        let (trace, summary) = try Self.recorded()
        let reader = try TraceReader(path: trace)
        #expect(try reader.checkpointTimes() == [1, 2, 3, 4].map { SimTime.seconds($0) })
        let directory = try TestPaths.temporaryDirectory("checkpoint-resume")
        let resumed = try Replay.resume(
            trace: reader, at: .milliseconds(2_500), until: .seconds(4), into: directory + "/resumed.sqlite")
        #expect(resumed.checkpoint == .seconds(2))
        #expect(resumed.summary.eventDigest == summary.eventDigest)
        let replayed = try TraceReader(path: resumed.tracePath)
        // The window is not empty, so agreeing rows mean something.
        #expect(try Self.count(replayed, receptionsIn: .seconds(2)...SimTime.seconds(3)) > 100)
        #expect(try replayed.checkpointTimes() == [3, 4].map { SimTime.seconds($0) })
        let differences = try TraceComparison.compareWindow(
            recorded: reader, replayed: replayed, from: SimTime.seconds(2).nanoseconds, to: SimTime.seconds(4).nanoseconds)
        #expect(differences.isEmpty, "\(differences)")
        let recordedDigests = try reader.eventDigests().filter { $0.secondStart >= .seconds(2) }
        let replayedDigests = try replayed.eventDigests().filter { $0.secondStart >= .seconds(2) }
        #expect(!recordedDigests.isEmpty && recordedDigests == replayedDigests)

        // The same comparison does see a run that differs: verification off from the checkpoint on.
        let changed = try Replay.resume(
            trace: reader, at: .seconds(2), until: .seconds(4), into: directory + "/changed.sqlite",
            overrides: ["security.verify=none"])
        let changedDifferences = try TraceComparison.compareWindow(
            recorded: reader, replayed: try TraceReader(path: changed.tracePath),
            from: SimTime.seconds(2).nanoseconds, to: SimTime.seconds(4).nanoseconds)
        #expect(changedDifferences.contains { $0.table == "receptions" }, "\(changedDifferences)")
        #expect(changed.summary.eventDigest != summary.eventDigest)

        // A trace whose checkpoints have an older format (an older build's layout) still replays: the
        // window is re-run from 0, with a note saying why, and gives the same run.
        let older = directory + "/older-format.sqlite"
        try FileManager.default.copyItem(atPath: trace, toPath: older)
        let downgrade = try runProcess("/usr/bin/sqlite3", [older, "UPDATE checkpoints SET format_version = 2"])
        #expect(downgrade.status == 0, "\(downgrade.stderr)")
        let fallback = try Replay.resume(
            trace: try TraceReader(path: older), at: .milliseconds(2_500), until: .seconds(4),
            into: directory + "/fallback.sqlite")
        #expect(fallback.checkpoint == nil)
        let note = fallback.note ?? "no note"
        #expect(note.contains("has format 2, this build reads 5: re-running from 0 s"), "\(note)")
        #expect(fallback.summary.eventDigest == summary.eventDigest)
        // Its rows and digests are compared as usual; its checkpoints, of another format, are not.
        let fallbackDifferences = try TraceComparison.compareWindow(
            recorded: try TraceReader(path: older), replayed: try TraceReader(path: fallback.tracePath),
            from: 0, to: SimTime.seconds(4).nanoseconds)
        #expect(fallbackDifferences.isEmpty, "\(fallbackDifferences)")
    }

    @Test("a damaged checkpoint is refused with what is wrong: edited bytes, a truncated blob, an unknown format")
    func damagedCheckpoints() throws {
        let (trace, _) = try Self.recorded()
        let reader = try TraceReader(path: trace)
        let scenario = try ScenarioLoader.load(text: Self.scenarioText, path: "checkpoint-tiny.yaml")
        let good = try #require(try reader.checkpoint(atOrBefore: .seconds(2)))
        #expect(good.time == .seconds(2) && good.byteLength == good.blob.count && good.integrityProblem == nil)

        func failure(_ row: CheckpointRow) -> String {
            do {
                _ = try Simulation(resumingFrom: row, scenario: scenario)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        var edited = good
        edited.blob[edited.blob.count / 2] ^= 0x40
        let editedText = failure(edited)
        #expect(editedText.hasPrefix("checkpoint at 2.000000 s:") && editedText.contains("SHA-256"), "\(editedText)")

        var cut = good
        cut.blob.removeLast(10)
        #expect(failure(cut).contains("truncated or edited"), "\(failure(cut))")

        // Consistent length and digest, but cut short: the decoder says where it ran out.
        let truncated = CheckpointRow(time: good.time, formatVersion: good.formatVersion, blob: Array(good.blob.prefix(good.blob.count / 3)))
        let truncatedText = failure(truncated)
        #expect(truncatedText.contains("blob byte ") && truncatedText.contains("truncated"), "\(truncatedText)")

        // A lone zero byte claims a run of zeros without its length.
        #expect(failure(CheckpointRow(time: good.time, formatVersion: good.formatVersion, blob: [0])).contains("zero run without its length"))
        // A count larger than what is left is refused before anything is allocated for it.
        let huge = CheckpointRow(time: good.time, formatVersion: good.formatVersion, blob: Array(repeating: 0xFF, count: 64))
        #expect(failure(huge).contains("blob byte "), "\(failure(huge))")

        let future = CheckpointRow(time: good.time, formatVersion: 99, blob: good.blob)
        #expect(failure(future).contains("format version 99"), "\(failure(future))")
    }

    @Test("record.checkpoint: off and 0 disable it, a time below 1 s is refused with its location")
    func scenarioField() throws {
        let base = try ScenarioLoader.load(text: Self.scenarioText, path: "c.yaml")
        #expect(base.record.checkpointInterval == .seconds(1))
        for off in ["off", "0"] {
            let scenario = try ScenarioLoader.load(text: Self.scenarioText, path: "c.yaml", overrides: ["record.checkpoint=\(off)"])
            #expect(scenario.record.checkpointInterval == nil)
        }
        let defaulted = try ScenarioLoader.load(
            text: Self.scenarioText.replacingOccurrences(of: "record: { checkpoint: 1s }", with: ""), path: "c.yaml")
        #expect(defaulted.record.checkpointInterval == .seconds(10))
        do {
            _ = try ScenarioLoader.load(
                text: Self.scenarioText.replacingOccurrences(of: "checkpoint: 1s", with: "checkpoint: 100ms"), path: "c.yaml")
            Issue.record("a 100 ms checkpoint loaded")
        } catch {
            #expect("\(error)".contains("c.yaml:21:") && "\(error)".contains("record.checkpoint"), "\(error)")
        }
    }

    @Test("a false hazard warning believed without verification makes a driver brake hard; from its checkpoint, verify=full avoids it")
    func whatIfAvoidsTheIncident() throws {
        let directory = try TestPaths.temporaryDirectory("checkpoint-whatif")
        let run = try runProcess(TestPaths.cli, [
            "run", TestPaths.scenario("investigate/fake-hazard-short.yaml"), "--out", directory, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let trace = directory + "/trace.sqlite"
        let listed = try runProcess(TestPaths.cli, ["incidents", trace, "--format", "csv"])
        let first = try #require(listed.stdout.split(separator: "\n").dropFirst().first)
        // Incident 0: vehicle 11, behind the attacker, brakes at 9 m/s² for the invented obstacle.
        #expect(first.hasPrefix("0,hard_braking,2.100,11,"), "\(listed.stdout)")

        let refused = try runProcess(TestPaths.cli, ["replay", trace, "--incident", "0", "--set", "radio.range=200m"])
        #expect(refused.status == 64 && refused.stderr.contains("radio.range cannot change at a checkpoint"), "\(refused.stderr)")

        let whatIf = try runProcess(TestPaths.cli, [
            "replay", trace, "--incident", "0", "--from", "1.5s", "--set", "security.verify=full", "--format", "json",
        ])
        #expect(whatIf.status == 0, "\(whatIf.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(whatIf.stdout.utf8)) as? [String: Any])
        let recorded = try #require(object["recorded"] as? [String: Any])
        let changed = try #require(object["what_if"] as? [String: Any])
        #expect(object["from_s"] as? Double == 1)
        #expect(recorded["incident_happens"] as? Bool == true && changed["incident_happens"] as? Bool == false)
        #expect(recorded["hardest_braking_mps2"] as? Double == 9)
        #expect((recorded["incidents_by_kind"] as? [String: Int])?["hard_braking"] == 2)
        #expect((changed["incidents_by_kind"] as? [String: Int])?.isEmpty == true)
        // Without verification every reception is unchecked; with it the warnings are checked and refuted.
        #expect((recorded["receptions_by_outcome"] as? [String: Int])?.keys.sorted() == ["unchecked"])
        #expect(((changed["rejected_by_reason"] as? [String: Int]) ?? [:]).keys.contains { $0.hasPrefix("implausible_hazard") })

        // The table says where both sides started: a checkpoint, or the run's start when none precedes the window.
        let fromCheckpoint = try runProcess(TestPaths.cli, [
            "replay", trace, "--incident", "0", "--from", "1.5s", "--set", "security.verify=full",
        ])
        #expect(fromCheckpoint.stdout.contains("both sides from 1.000000 s (the last checkpoint at or before the window)"),
                "\(fromCheckpoint.stdout)")
        let fromStart = try runProcess(TestPaths.cli, [
            "replay", trace, "--incident", "0", "--from", "0.5s", "--set", "security.verify=full",
        ])
        #expect(fromStart.status == 0, "\(fromStart.stderr)")
        #expect(fromStart.stdout.contains("both sides from 0.000000 s (the run's start: no checkpoint at or before the window)"),
                "\(fromStart.stdout)")
    }
}
