import ArgumentParser
import Foundation
import Policy
import Scenario
import SimKernel
import V2VCrypto
import V2VSim

extension PolicyCommand.Train {
    /// Observation v2: behaviour cloning from expert rollouts, then DAgger rounds (DAggerTraining).
    func trainV2() throws {
        var sources: [DAggerTraining.Source] = []
        var digests: [String] = []
        for path in self.scenarios {
            do {
                var scenario = try ScenarioLoader.load(path: path, overrides: self.duration.map { ["duration=\($0)"] } ?? [])
                if let c = self.teacherCoolness {
                    for g in scenario.traffic.indices { scenario.traffic[g].idm.coolness = c }
                }
                let repeats = sources.filter { $0.path == path }.count
                sources.append(DAggerTraining.Source(path: path, scenario: scenario, repeatIndex: repeats))
            } catch {
                Terminal.error(error.description)
                throw ExitCode.validationFailure
            }
            // The digest of the file's bytes, as `sha256sum` gives it.
            let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
            digests.append(SHA256.hash(bytes).hex)
        }
        var settings = BehaviourCloningV2.Settings()
        settings.hiddenLayers = self.hiddenSizes!
        settings.epochs = self.epochs
        settings.seed = self.seed
        let training = DAggerTraining(
            sources: sources, rounds: self.rounds, sampleInterval: SimTime(nanoseconds: Int64((self.sampleInterval * 1e9).rounded())),
            maxSamples: self.maxSamples, cloning: settings)
        var bar = TrainingProgress(rounds: self.rounds, scenarios: sources.count, epochs: self.epochs)
        let result: DAggerTraining.Result
        do {
            result = try training.run { bar.report($0) }
        } catch let error as DAggerTrainingError {
            bar.finish()
            Terminal.error("error: \(error.description)")
            throw ExitCode.failure
        }
        bar.finish()
        for rollout in result.rollouts {
            print(Self.line(rollout))
        }
        let report = result.report
        print(String(format: "final training on %d samples: validation acceleration MAE %.4f m/s², lane choice agrees %.1f %% (%d held out)",
                     result.totalSamples, report.validationMeanAbsoluteError, 100 * report.validationLaneAccuracy, report.validationSamples))
        try self.writeCSV(self.lossCsv, Self.lossCSV(result.epochs.map { ($0.round, $0.epoch, $0.trainingLoss, $0.validationLoss) }))
        try self.writeCSV(self.roundsCsv, Self.roundsCSV(result.rollouts))
        let bytes = PolicyFile.encode(result.network, metadata: self.provenance(result, digests: digests), observation: .v2)
        try self.write(bytes)
    }

    /// The weights file's metadata: how to make it again and from what.
    func provenance(_ result: DAggerTraining.Result, digests: [String]) -> [String: String] {
        let scenarios = zip(self.scenarios, digests).map { "\($0) sha256=\($1)" }
        let rollouts = result.rollouts.map { "round=\($0.round) \($0.scenario) seed=\($0.seed) driver=\($0.network ? "network" : "expert") samples=\($0.samples)" }
        let arguments = Self.weightArguments(CommandLine.arguments.dropFirst()).map { $0.contains(" ") ? "'\($0)'" : $0 }
        return [
            "teacher": self.teacherCoolness.map { "expert-acc-mobil coolness=\($0)" } ?? "expert-idm-mobil",
            "method": self.rounds > 0 ? "behaviour cloning + DAgger" : "behaviour cloning",
            "seed": String(self.seed), "hidden": self.hidden, "epochs": String(self.epochs),
            "rounds": String(self.rounds), "samples": String(result.totalSamples),
            "sample_interval_s": String(self.sampleInterval), "scenarios": scenarios.joined(separator: "; "),
            "rollouts": rollouts.joined(separator: "; "), "program_version": Simulation.programVersion,
            "observation_version": ObservationVersion.v2.rawValue,
            "command": (["v2vsim"] + arguments).joined(separator: " "),
        ]
    }

    /// The arguments that determine the weights: all but the output files' paths (`--out`,
    /// `--loss-csv`, `--rounds-csv`), so that the same training written elsewhere has the same bytes.
    /// The program's own path is left out too (it varies between builds).
    static func weightArguments(_ arguments: ArraySlice<String>) -> [String] {
        let outputs: Set<String> = ["--out", "--loss-csv", "--rounds-csv"]
        var kept: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if outputs.contains(argument) { skipNext = true; continue }
            if let name = argument.split(separator: "=", maxSplits: 1).first, argument.contains("="), outputs.contains(String(name)) { continue }
            kept.append(argument)
        }
        return kept
    }

    /// One rollout on the terminal.
    static func line(_ r: DAggerTraining.Rollout) -> String {
        let m = r.metrics
        var text = "round \(r.round)  \(r.scenario) seed \(r.seed)  \(r.network ? "network" : "expert ")"
            + String(format: "  +%d samples (%d)  collisions %d  hard brakes %d  mean %.1f km/h",
                     r.samples, r.totalSamples, m.collisions, m.hardBrakes, m.meanSpeed * 3.6)
        if r.network {
            text += String(format: "  disagrees: lane %.1f %%, |Δa| %.3f m/s²", 100 * r.laneDisagreement, r.accelerationMeanAbsoluteError)
        }
        return text
    }

    /// `--rounds-csv`: one row per rollout.
    static func roundsCSV(_ rollouts: [DAggerTraining.Rollout]) -> String {
        var text = "round,scenario,seed,driver,samples,total_samples,collisions,near_misses,hard_brakes,mean_speed_kmh,"
            + "vehicles_out,lane_changes,mean_abs_jerk_mps3,shield_overrides,lane_disagreement,accel_mae_mps2\n"
        for r in rollouts {
            let m = r.metrics
            let fields: [String] = [
                String(r.round), CSVField.escape(r.scenario), String(r.seed), r.network ? "network" : "expert",
                String(r.samples), String(r.totalSamples), String(m.collisions), String(m.nearMisses), String(m.hardBrakes),
                String(format: "%.3f", m.meanSpeed * 3.6), String(m.vehiclesOut), String(m.laneChanges),
                String(format: "%.4f", m.meanAbsoluteJerk), String(m.shieldOverrides),
                r.network ? String(format: "%.4f", r.laneDisagreement) : "",
                r.network ? String(format: "%.4f", r.accelerationMeanAbsoluteError) : "",
            ]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }
}

/// Quoting for a CSV field that may hold a comma or a quote.
enum CSVField {
    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Training progress on stderr: a bar redrawn in place when stderr is a terminal, plain lines
/// (one per rollout and per training) otherwise, so that logs stay readable.
struct TrainingProgress {
    let total: Int
    let epochs: Int
    let rounds: Int
    var done = 0
    let isTerminal = Terminal.stderrIsTerminal

    init(rounds: Int, scenarios: Int, epochs: Int) {
        self.total = (rounds + 1) * (scenarios + epochs)
        self.epochs = epochs
        self.rounds = rounds
    }

    mutating func report(_ event: DAggerTraining.Progress) {
        switch event {
        case let .rollingOut(round, scenario):
            self.show("round \(round)/\(self.rounds): rollout \(scenario)", line: false)
        case .rolledOut(let r):
            self.done += 1
            self.show("round \(r.round)/\(self.rounds): rollout \(r.scenario) (\(r.network ? "network" : "expert"), seed \(r.seed)): \(r.samples) samples", line: true)
        case .epoch(let e):
            self.done += 1
            let text = String(format: "round %d/%d: epoch %d/%d  training loss %.4f  validation loss %.4f",
                              e.round, self.rounds, e.epoch, self.epochs, e.trainingLoss, e.validationLoss)
            self.show(text, line: e.epoch == self.epochs)
        }
    }

    /// On a terminal, the bar with `text`; otherwise `text` as a line when `line` says it is one to keep.
    private func show(_ text: String, line: Bool) {
        if self.isTerminal {
            let width = 24
            let filled = self.total > 0 ? width * self.done / self.total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            Terminal.status("[\(bar)] \(100 * self.done / max(self.total, 1)) %  \(text)")
        } else if line {
            Terminal.error(text)
        }
    }

    func finish() {
        if self.isTerminal { Terminal.clearStatus() }
    }
}
