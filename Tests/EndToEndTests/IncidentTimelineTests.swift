import Foundation
import Scenario
import SimKernel
import Testing
import Trace
import V2VSim
import V2VTestSupport
import V2X

/// `v2vsim replay TRACE --incident N` / `--from --to`: the incident timeline rebuilt from the rows.
/// Not `.serialized`: the tests only read the shared recording and write to their own directories.
@Suite("Incident timeline")
struct IncidentTimelineTests {
    /// A 3 s fake-hazard run, the false warning from 2 s, believed without verification (drivers brake
    /// hard for a car that is not there), FCD every 100 ms so that every sample has its own truth row.
    /// Recorded once per suite run.
    static let recorded: Result<String, Error> = Result {
        let dir = try TestPaths.temporaryDirectory("timeline")
        let run = try runProcess(TestPaths.cli, [
            "run", "Scenarios/attacks/fake-hazard.yaml", "--out", dir, "--duration", "3s", "--quiet", "--set", "attackers[0].start=2s",
            "--set", "radio.model=unit-disk", "--set", "security.verify=none", "--set", "record.fcd=100ms",
        ])
        guard run.status == 0 else { throw TimelineTestError(description: run.stderr) }
        return dir + "/trace.sqlite"
    }

    struct TimelineTestError: Error, CustomStringConvertible { let description: String }

    @Test("beliefs equal the accepted messages' claims, truth equals the vehicles rows, errors are their difference")
    func beliefsMatchRows() throws {
        let trace = try Self.recorded.get()
        let reader = try TraceReader(path: trace)
        let scenario = try IncidentTimeline.scenario(of: reader)
        let window = try TimelineWindow.span(
            from: .milliseconds(1500), to: .milliseconds(2500), vehicles: [29, 31], runEnd: scenario.duration, known: reader.vehiclesPresent)
        let timeline = try IncidentTimeline.build(reader, window: window, scenario: scenario)
        #expect(timeline.sampleTimes.count == 11)
        #expect(timeline.missing.contains { $0.contains("radio_losses") })

        // Independently: the rows themselves.
        var truthAt: [String: VehicleRow] = [:]
        for v in try reader.vehicles() { truthAt["\(v.vehicleID)@\(v.time.nanoseconds)"] = v }
        var messages: [UInt64: MessageRow] = [:]
        for m in try reader.messages() { messages[m.messageID] = m }
        // The CAMs each vehicle took (unchecked: verify none), in the order it heard them, with the claimed station.
        var taken: [UInt32: [(time: SimTime, generated: SimTime, station: UInt32, message: UInt64)]] = [:]
        for r in try reader.receptions() where r.receiverKind == "vehicle" && [29, 31].contains(r.receiverID)
            && r.verifyOutcome == "unchecked" && r.tReceived <= .milliseconds(2500) {
            let m = try #require(messages[r.messageID])
            guard m.messageType == "cam" else { continue }
            let claim = try SensorBroadcast.decode(try SignedEnvelope.decode(m.envelope).payload)
            taken[r.receiverID, default: []].append((r.tReceived, m.tGenerated, claim.stationID, m.messageID))
        }
        var checkedBeliefs = 0
        for vehicle in timeline.vehicles {
            #expect(vehicle.samples.count == 11)
            for sample in vehicle.samples {
                let own = try #require(truthAt["\(vehicle.vehicle)@\(sample.time.nanoseconds)"])
                #expect(sample.truth == own, "vehicle \(vehicle.vehicle) at \(sample.time)")
                // The latest CAM per claimed station, generated within the freshness window.
                var expected: [UInt32: UInt64] = [:]
                for t in taken[vehicle.vehicle] ?? [] where t.time <= sample.time
                    && t.generated >= sample.time - scenario.security.freshness {
                    expected[t.station] = t.message
                }
                for belief in sample.neighbours {
                    checkedBeliefs += 1
                    #expect(expected[belief.station] == belief.messageID, "vehicle \(vehicle.vehicle) at \(sample.time), station \(belief.station)")
                    let m = try #require(messages[belief.messageID])
                    let claim = try SensorBroadcast.decode(try SignedEnvelope.decode(m.envelope).payload)
                    #expect(belief.claim == claim)
                    #expect(belief.sender == m.sender)
                    #expect(belief.age == sample.time - m.tGenerated)
                    let truth = try #require(truthAt["\(m.sender)@\(sample.time.nanoseconds)"])
                    #expect(belief.truth == truth)
                    // A highway along +x: believed position = claimed x moved on at the claimed speed.
                    let believed = claim.x + claim.speed * (sample.time - m.tGenerated).seconds
                    #expect(abs(belief.believedPosition - believed) < 1e-9)
                    #expect(abs(belief.positionError! - (believed - truth.pos)) < 1e-9)
                    #expect(belief.speedError == claim.speed - truth.speed)
                }
                // Nothing the vehicle held is missing, except beliefs about vehicles that left the road.
                for (station, _) in expected where !sample.neighbours.contains(where: { $0.station == station }) {
                    #expect(truthAt["\(station)@\(sample.time.nanoseconds)"] == nil, "station \(station) at \(sample.time)")
                }
            }
        }
        #expect(checkedBeliefs > 20, "the window must hold beliefs to compare (\(checkedBeliefs))")
    }

    @Test("the false warning: its DENM is a hazard belief naming the attacker's message; receivers brake")
    func fakeHazardIncident() throws {
        let trace = try Self.recorded.get()
        let reader = try TraceReader(path: trace)
        let incidents = try reader.incidents()
        let n = try #require(incidents.firstIndex { $0.kind == "hard_braking" })
        let result = try runProcess(TestPaths.cli, ["replay", trace, "--incident", String(n), "--no-rerun", "--before", "1s", "--after", "0.5s"])
        #expect(result.status == 0, "\(result.stderr)")
        let braker = incidents[n].vehicleA
        #expect(result.stdout.contains("vehicle \(braker) (car, policy expert)"), "\(result.stdout)")
        #expect(result.stdout.contains("  braked    hardest "), "the summary says who braked: \(result.stdout)")
        #expect(result.stdout.contains("HAZARD+  hazard 30/"), "\(result.stdout)")
        #expect(result.stdout.contains("[attacker: FakeHazard]"), "\(result.stdout)")
        let events = try runProcess(TestPaths.cli, ["replay", trace, "--incident", String(n), "--no-rerun", "--events-only"])
        #expect(events.status == 0, "\(events.stderr)")
        #expect(!events.stdout.contains("  time_s    pos_m"), "no sample lines with --events-only")
        #expect(events.stdout.count < result.stdout.count * 4)
    }

    @Test("bad windows: reversed, negative, beyond the run, unknown or too many vehicles are errors naming the option")
    func badWindows() throws {
        let end = SimTime.seconds(6)
        let known: ([UInt32]) -> Set<UInt32> = { Set($0.filter { $0 < 60 }) }
        func message(_ from: Int64, _ to: Int64, _ vehicles: [UInt32]) -> String {
            do {
                _ = try TimelineWindow.span(from: .seconds(from), to: .seconds(to), vehicles: vehicles, runEnd: end, known: known)
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(message(4, 3, [1]) == "--to 3.0 s is before --from 4.0 s")
        #expect(message(-1, 3, [1]) == "--from: -1.0 s is negative")
        #expect(message(1, 7, [1]) == "--to: 7.0 s is beyond the run, which ends at 6.0 s")
        #expect(message(7, 8, [1]) == "--from: 7.0 s is beyond the run, which ends at 6.0 s")
        #expect(message(1, 2, [1, 99]) == "--vehicles: vehicle 99 has no row in the trace's vehicles table")
        #expect(message(1, 2, Array(0..<9)) == "--vehicles: 9 vehicles, more than the 8 a timeline shows")
        #expect(message(1, 2, []) == "--vehicles: name the vehicles to show (e.g. --vehicles 3,7)")
        #expect(message(1, 2, [1, 1, 2]) == "no error")

        let trace = try Self.recorded.get()
        let out = try TestPaths.temporaryDirectory("timeline-bad") + "/window"
        let reversed = try runProcess(TestPaths.cli, ["replay", trace, "--from", "2", "--to", "1s", "--vehicles", "1", "--out", out])
        #expect(reversed.status == 64, "\(reversed.stderr)")
        #expect(reversed.stderr.contains("\(trace): --to 1.0 s is before --from 2.0 s"), "\(reversed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: out + ".partial"))
        let vehiclesAlone = try runProcess(TestPaths.cli, ["replay", trace, "--vehicles", "1"])
        #expect(vehiclesAlone.status == 64 && vehiclesAlone.stderr.contains("--vehicles: needs --from and --to"), "\(vehiclesAlone.stderr)")
        let both = try runProcess(TestPaths.cli, ["replay", trace, "--incident", "0", "--from", "1"])
        #expect(both.status == 64 && both.stderr.contains("give either --incident N or --from/--to"), "\(both.stderr)")
        // Without --vehicles a window is only proved: re-run from the checkpoint before it (here none: from 0) to its end.
        let proof = try runProcess(TestPaths.cli, ["replay", trace, "--from", "1", "--to", "2"])
        #expect(proof.status == 0, "\(proof.stderr)")
        #expect(proof.stdout.contains("resumed from time 0 (no checkpoint at or before 1.000 s); re-ran 0.000…2.000 s")
            && proof.stdout.contains("reproduced: every row of the window"), "\(proof.stdout)")
        let badTime = try runProcess(TestPaths.cli, ["replay", trace, "--incident", "0", "--before", "soon"])
        #expect(badTime.status == 64 && badTime.stderr.contains("--before: 'soon' is not a time"), "\(badTime.stderr)")
    }

    @Test("--out writes the documented files, the same rows as the library, and refuses a non-empty directory")
    func outWritesFiles() throws {
        let trace = try Self.recorded.get()
        let out = try TestPaths.temporaryDirectory("timeline-out") + "/window"
        let result = try runProcess(TestPaths.cli, [
            "replay", trace, "--from", "1.5", "--to", "2s", "--vehicles", "31,29", "--no-rerun", "--events-only", "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        for name in ["samples.csv", "beliefs.csv", "hazards.csv", "events.csv", "timeline.json", "manifest.json", "overview.json"] {
            #expect(names.contains(name), "\(name) in \(names.sorted())")
        }
        let samples = try String(contentsOfFile: out + "/samples.csv", encoding: .utf8).split(separator: "\n")
        #expect(samples.first == "time_s,vehicle_id,truth_s,x_m,y_m,pos_m,lane,speed_mps,accel_mps2,neighbours,hazards,leader_station,leader_message_id,leader_sender,leader_gap_believed_m,leader_gap_true_m,decision_s,model_sha256,observation_version,observation,output,decision_accel_mps2,shield_override")
        #expect(samples.count == 1 + 2 * 6, "6 samples (1.5 … 2.0 s) for each of 2 vehicles")
        #expect(samples[1].hasPrefix("1.500,31,1.500,"), "vehicles in the order asked: \(samples[1])")
        let reader = try TraceReader(path: trace)
        let row = try #require(try reader.vehicles([31], from: .milliseconds(1500), to: .milliseconds(1500)).first)
        let fields = samples[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(Double(fields[5])! == (row.pos * 1000).rounded() / 1000)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/timeline.json"))) as? [String: Any])
        #expect(json["format"] as? String == "v2vsim-timeline")
        let beliefs = try #require(json["beliefs"] as? [String: Any])
        let beliefRows = try #require(beliefs["rows"] as? [[String]])
        let beliefsCSV = try String(contentsOfFile: out + "/beliefs.csv", encoding: .utf8).split(separator: "\n")
        #expect(beliefRows.count == beliefsCSV.count - 1 && beliefRows.count > 0)
        // The Visualizer opens it as a window directory.
        let page = try runProcess(TestPaths.cli, ["visualize", out, "--out", out + ".html"])
        #expect(page.status == 0, "\(page.stderr)")

        let again = try runProcess(TestPaths.cli, ["replay", trace, "--from", "1.5", "--to", "2", "--vehicles", "31", "--no-rerun", "--out", out])
        #expect(again.status == 1 && again.stderr.contains("\(out): exists and is not an empty directory"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    }
}
