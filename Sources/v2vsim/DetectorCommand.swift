import ArgumentParser
import Foundation
import Scenario
import V2VSim

/// `v2vsim detector`: measure and train the misbehaviour detector.
struct DetectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detector", abstract: "Evaluate and train misbehaviour detection.",
        subcommands: [Eval.self, Train.self])

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run attack scenarios over N seeds and print per-message and per-sender precision, recall and F1 per attack type, rule-based and learned detector side by side.",
            discussion: """
                Without --scenario, every scenario in Scenarios/attacks with a VeReMi insider attack (types 1-19) and \
                Scenarios/attacks/mix-all.yaml. Seeds are the scenario's seed, +1, +2, ... Each seed runs once with \
                the rule-based detector and once with the learned one (--model, by default \(Self.defaultModel) when \
                it exists; --model none for the rules alone), on the same seeds. Runs write no trace and are spread \
                over --jobs threads; the figures do not depend on the thread count. With --honest, the shipped \
                scenarios without attackers instead (Scenarios/*.yaml but bench-*): one row each, whose false \
                alarms per 1000 genuine receptions, reports and honest vehicles reported / revoked should all be 0.
                """)

        static let defaultModel = "Policies/detector.safetensors"

        @Option(name: .customLong("scenario"), parsing: .singleValue, help: "Scenario file (repeatable).")
        var scenarios: [String] = []

        @Flag(help: "Evaluate the shipped scenarios without attackers (false alarms, reports, revocations of honest vehicles).")
        var honest = false

        @Option(help: "Seeds per scenario.")
        var seeds = 10

        @Option(help: "Simulated duration of every run, e.g. 30s; overrides the scenarios'.")
        var duration: String?

        @Option(name: .customLong("set"), parsing: .singleValue, help: "Override a scenario field in every run: FIELD=VALUE.")
        var overrides: [String] = []

        @Option(help: "Learned detector weights file to evaluate beside the rules, or 'none' (default: \(Self.defaultModel) if present).")
        var model: String?

        @Option(help: "Runs at once (default: the number of cores).")
        var jobs: Int?

        @Option(help: "Also write the table as CSV to this file.")
        var csv: String?

        @Flag(name: .shortAndLong, help: "No progress line.")
        var quiet = false

        func validate() throws {
            guard (1...1000).contains(self.seeds) else { throw ValidationError("--seeds must be 1...1000, got \(self.seeds)") }
            if self.honest && !self.scenarios.isEmpty { throw ValidationError("--honest and --scenario exclude each other") }
            if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be 1...256, got \(jobs)") }
            if let model, model != "none", !model.hasSuffix(".safetensors") {
                throw ValidationError("--model must be a .safetensors file or 'none', got '\(model)'")
            }
        }

        /// The learned detector's file to evaluate, nil for the rules alone.
        private var learnedModel: String? {
            switch self.model {
            case "none"?: return nil
            case let path?: return path
            case nil: return FileManager.default.fileExists(atPath: Self.defaultModel) ? Self.defaultModel : nil
            }
        }

        func run() throws {
            let files = self.honest ? try DetectorRuns.honestScenarioFiles() : try DetectorRuns.scenarioFiles(self.scenarios)
            // Rules first; the learned detector on the same seeds with `security.detection.model` set.
            var detectors: [(name: String, overrides: [String])] = [("rules", [])]
            if let model = self.learnedModel { detectors.append(("learned", ["security.detection.model=\(model)"])) }
            var runs: [(file: String, detector: String, scenario: Scenario, models: LearnedPolicies)] = []
            for file in files {
                let base = try DetectorRuns.load(file, overrides: self.overrides(seed: nil))
                for detector in detectors {
                    for k in 0..<self.seeds {
                        let scenario = try DetectorRuns.load(
                            file, overrides: self.overrides(seed: base.seed &+ UInt64(k)) + detector.overrides)
                        runs.append((file, detector.name, scenario, try DetectorRuns.models(for: scenario)))
                    }
                }
            }
            let work = runs.map { ($0.scenario, $0.models) }
            let summaries = try DetectorRuns.runAll(count: work.count, jobs: self.jobs, quiet: self.quiet, label: "detector eval") {
                try Simulation(scenario: work[$0].0, policies: work[$0].1).run(recorder: nil)
            }
            var evaluations: [DetectorEvaluation] = []
            for file in files {
                for detector in detectors {
                    var evaluation = DetectorEvaluation(scenario: DetectorRuns.label(file), detector: detector.name)
                    for (index, run) in runs.enumerated() where run.file == file && run.detector == detector.name {
                        evaluation.add(summaries[index])
                    }
                    evaluations.append(evaluation)
                }
            }
            let rows = evaluations.flatMap(\.reportedRows)
            print(DetectorEvaluationReport.table(rows, seeds: self.seeds))
            if let csv = self.csv {
                try DetectorRuns.write(Array(DetectorEvaluationReport.csv(rows).utf8), to: csv)
                print(csv)
            }
        }

        private func overrides(seed: UInt64?) -> [String] {
            var all = self.overrides
            if let seed { all.append("seed=\(seed)") }
            if let duration { all.append("duration=\(duration)") }
            return all
        }
    }
}
