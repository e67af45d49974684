import ArgumentParser
import Foundation
import Scenario
import V2VCrypto
import V2VSim
import V2X

extension DetectorCommand {
    /// `v2vsim detector train`: the learned detector from simulated runs of every attack type.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the learned misbehaviour detector on labelled receptions of simulated attack runs.",
            discussion: """
                Runs every --scenario (default: the insider-attack scenarios, as detector eval) over --seeds seeds, \
                starting at the scenario's seed + --seed-offset (1000 by default, so that training runs never share \
                a seed with detector eval's), with the rule-based detector, and keeps every CAM that reached the \
                plausibility checks as a sample: its check confidences and track features (docs/detector.md), \
                labelled attack or genuine from the sender. Vehicles are split into train and test sets per run \
                (both roles: a reception between the sets is dropped), an MLP is fitted with Adam, and test-set \
                precision, recall and F1 are printed beside the rules' on the same samples. Same command, same file, \
                byte for byte, whatever --jobs. With --honest the shipped scenarios without attackers join, for \
                --honest-duration each, over --honest-seeds seeds: honest braking at the limit, stops and merges then appear \
                among the genuine samples, which attack runs alone do not show.
                """)

        @Option(name: .customLong("scenario"), parsing: .singleValue, help: "Scenario file (repeatable).")
        var scenarios: [String] = []

        @Option(help: "Seeds per scenario.")
        var seeds = 2

        @Option(help: "Added to each scenario's seed for the first training run.")
        var seedOffset: UInt64 = 1000

        @Option(help: "Simulated duration of every run, e.g. 10s; overrides the scenarios'.")
        var duration: String?

        @Option(name: .customLong("set"), parsing: .singleValue, help: "Override a scenario field in every run: FIELD=VALUE.")
        var overrides: [String] = []

        @Flag(help: "Also learn from the shipped scenarios without attackers (detector eval --honest's list), every sample genuine.")
        var honest = false

        @Option(help: "Simulated duration of every --honest run (default 20s; --duration does not apply to them).")
        var honestDuration = "20s"

        @Option(help: "Seeds per honest scenario with --honest (default: --seeds).")
        var honestSeeds: Int?

        /// Seeds per honest scenario: `--honest-seeds`, else `--seeds`.
        var honestSeedCount: Int { self.honestSeeds ?? self.seeds }

        @Option(help: "Weights file to write (.safetensors).")
        var out: String

        @Option(help: "Also write the loss per epoch as CSV (epoch,train_loss,test_loss).")
        var lossCsv: String?

        @Option(help: "Training passes over the samples.")
        var epochs = 8

        @Option(help: "Hidden layer widths, comma-separated.")
        var hidden = "32,16"

        @Option(help: "Adam step size.")
        var learningRate = 1e-3

        @Option(help: "Samples per Adam step.")
        var batchSize = 256

        @Option(help: "Share of each run's vehicles held out for the test set.")
        var testFraction = 0.25

        @Option(help: "Samples kept per run (every k-th reception beyond it, which keeps the attack share).")
        var samplesPerRun = 20_000

        @Option(help: "Most training samples used (every k-th beyond it).")
        var maxSamples = 200_000

        @Option(help: "Seed of the weights, split and shuffles.")
        var seed: UInt64 = 1

        @Option(help: "Runs at once (default: the number of cores); the result does not depend on it.")
        var jobs: Int?

        @Flag(name: .shortAndLong, help: "No progress line.")
        var quiet = false

        func validate() throws {
            guard (1...1000).contains(self.seeds) else { throw ValidationError("--seeds must be 1...1000, got \(self.seeds)") }
            if let honestSeeds, !(1...1000).contains(honestSeeds) {
                throw ValidationError("--honest-seeds must be 1...1000, got \(honestSeeds)")
            }
            guard self.out.hasSuffix(".safetensors") else { throw ValidationError("--out must end in .safetensors, got '\(self.out)'") }
            guard (1...10_000).contains(self.epochs) else { throw ValidationError("--epochs must be 1...10000, got \(self.epochs)") }
            guard self.learningRate > 0, self.learningRate <= 1 else {
                throw ValidationError("--learning-rate must be in (0, 1], got \(self.learningRate)")
            }
            guard (1...65_536).contains(self.batchSize) else { throw ValidationError("--batch-size must be 1...65536, got \(self.batchSize)") }
            guard self.testFraction >= 0.05, self.testFraction <= 0.5 else {
                throw ValidationError("--test-fraction must be 0.05...0.5, got \(self.testFraction)")
            }
            guard (10...1_000_000).contains(self.samplesPerRun) else {
                throw ValidationError("--samples-per-run must be 10...1000000, got \(self.samplesPerRun)")
            }
            guard (10...5_000_000).contains(self.maxSamples) else {
                throw ValidationError("--max-samples must be 10...5000000, got \(self.maxSamples)")
            }
            guard self.seedOffset <= 1 << 40 else { throw ValidationError("--seed-offset must be at most 2^40, got \(self.seedOffset)") }
            if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be 1...256, got \(jobs)") }
            _ = try self.hiddenLayers()
        }

        /// The hidden widths: 1 to 4 layers of 1...256.
        func hiddenLayers() throws -> [Int] {
            let parts = self.hidden.split(separator: ",", omittingEmptySubsequences: false)
            let widths = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard widths.count == parts.count, (1...4).contains(widths.count), widths.allSatisfy({ (1...256).contains($0) }) else {
                throw ValidationError("--hidden must be 1 to 4 comma-separated widths of 1...256, got '\(self.hidden)'")
            }
            return widths
        }

        func run() throws {
            let files = try DetectorRuns.scenarioFiles(self.scenarios)
            var work: [(scenario: Scenario, models: LearnedPolicies)] = []
            var fileDigests: [String] = []
            let honestFiles = self.honest ? try DetectorRuns.honestScenarioFiles() : []
            for (file, isHonest) in files.map({ ($0, false) }) + honestFiles.map({ ($0, true) }) {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))).map { [UInt8]($0) } ?? []
                fileDigests.append("\(DetectorRuns.label(file))=\(SHA256.hash(bytes).hex)")
                let base = try DetectorRuns.load(file, overrides: self.overrides(seed: nil, honest: isHonest))
                for k in 0..<UInt64(isHonest ? self.honestSeedCount : self.seeds) {
                    let seed = base.seed &+ self.seedOffset &+ k
                    let scenario = try DetectorRuns.load(file, overrides: self.overrides(seed: seed, honest: isHonest))
                    work.append((scenario, try DetectorRuns.models(for: scenario)))
                }
            }
            let cap = self.samplesPerRun
            let inputs = work
            let runs = try DetectorRuns.runAll(count: inputs.count, jobs: self.jobs, quiet: self.quiet, label: "detector train") {
                let simulation = Simulation(scenario: inputs[$0].scenario, policies: inputs[$0].models)
                simulation.collectDetectorSamples()
                _ = try simulation.run(recorder: nil)
                let all = simulation.detectorSamples ?? []
                let stride = max(1, (all.count + cap - 1) / cap)
                return Swift.stride(from: 0, to: all.count, by: stride).map { all[$0] }
            }
            var settings = DetectorTraining.Settings()
            settings.seed = self.seed
            settings.hiddenLayers = try self.hiddenLayers()
            settings.epochs = self.epochs
            settings.batchSize = self.batchSize
            settings.learningRate = self.learningRate
            settings.testFraction = self.testFraction
            settings.maxTrainingSamples = self.maxSamples
            if !self.quiet && Terminal.stderrIsTerminal { Terminal.status("detector train: fitting") }
            let outcome = DetectorTraining(settings: settings).train(runs: runs)
            if !self.quiet && Terminal.stderrIsTerminal { Terminal.clearStatus() }
            guard outcome.usedTrainSamples > 0, outcome.trainAttacks > 0, outcome.trainAttacks < outcome.trainSamples else {
                Terminal.error("error: the runs gave \(outcome.trainSamples) training samples, \(outcome.trainAttacks) of them attacks; "
                    + "both classes are needed (more seeds, a longer --duration, or scenarios with insider attackers)")
                throw ExitCode.failure
            }
            let metadata = self.metadata(outcome: outcome, scenarios: fileDigests, samples: runs.map(\.count).reduce(0, +))
            let bytes = LearnedDetector.fileBytes(outcome.network, metadata: metadata)
            try DetectorRuns.write(bytes, to: self.out)
            if let lossCsv = self.lossCsv {
                var text = "epoch,train_loss,test_loss\n"
                for (k, loss) in outcome.trainingLoss.enumerated() {
                    text += "\(k + 1),\(Self.decimal(loss)),\(Self.decimal(outcome.testLoss[k]))\n"
                }
                try DetectorRuns.write(Array(text.utf8), to: lossCsv)
            }
            print(Self.report(outcome, runs: runs.count, path: self.out, digest: SHA256.hash(bytes)))
        }

        /// The command that reproduces this file: the options that change its bytes, in a fixed order
        /// (never --jobs or --quiet, which do not).
        var canonicalCommand: String {
            var parts = ["v2vsim", "detector", "train"]
            for s in self.scenarios { parts += ["--scenario", s] }
            parts += ["--seeds", String(self.seeds), "--seed-offset", String(self.seedOffset)]
            if let duration { parts += ["--duration", duration] }
            for o in self.overrides { parts += ["--set", o] }
            if self.honest {
                parts += ["--honest", "--honest-duration", self.honestDuration]
                if let honestSeeds { parts += ["--honest-seeds", String(honestSeeds)] }
            }
            parts += ["--epochs", String(self.epochs), "--hidden", self.hidden, "--learning-rate", String(self.learningRate),
                      "--batch-size", String(self.batchSize), "--test-fraction", String(self.testFraction),
                      "--samples-per-run", String(self.samplesPerRun), "--max-samples", String(self.maxSamples),
                      "--seed", String(self.seed), "--out", self.out]
            return parts.joined(separator: " ")
        }

        private func metadata(outcome: DetectorTraining.Outcome, scenarios: [String], samples: Int) -> [String: String] {
            [
                "command": self.canonicalCommand,
                "program_version": Simulation.programVersion,
                "scenarios": scenarios.joined(separator: ","),
                "seeds": "\(self.seeds) per scenario from scenario seed + \(self.seedOffset)"
                    + (self.honest ? "; \(self.honestSeedCount) per honest scenario, \(self.honestDuration) each" : ""),
                "split": "by vehicle per run, both roles: \(self.testFraction) of honest vehicles and of attackers to test; "
                    + "receptions between train and test vehicles dropped",
                "samples_collected": String(samples),
                "samples_train": String(outcome.trainSamples),
                "samples_train_attacks": String(outcome.trainAttacks),
                "samples_train_used": String(outcome.usedTrainSamples),
                "samples_test": String(outcome.testSamples),
                "samples_test_attacks": String(outcome.testAttacks),
                "samples_dropped": String(outcome.droppedSamples),
                "test_precision": Self.decimal(outcome.test.precision),
                "test_recall": Self.decimal(outcome.test.recall),
                "test_f1": Self.decimal(outcome.test.f1),
                "decision_logit": Self.decimal(outcome.decisionLogit),
                "rules_test_f1": Self.decimal(outcome.rulesOnTest.f1),
                "loss": "binary cross-entropy on the attack logit; Adam (Kingma & Ba 2015)",
            ]
        }

        static func report(_ o: DetectorTraining.Outcome, runs: Int, path: String, digest: Digest) -> String {
            func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "-" }
            var lines = ["detector train: \(runs) runs; samples: \(o.trainSamples) train (\(o.trainAttacks) attacks, "
                + "\(o.usedTrainSamples) used), \(o.testSamples) test (\(o.testAttacks) attacks), \(o.droppedSamples) dropped "
                + "(between train and test vehicles)"]
            lines.append("decision boundary: attack logit \(String(format: "%.2f", o.decisionLogit)) (F1-best on the training samples)")
            lines.append("test set     P      R      F1")
            lines.append("learned  \(f(o.test.precision))  \(f(o.test.recall))  \(f(o.test.f1))")
            lines.append("rules    \(f(o.rulesOnTest.precision))  \(f(o.rulesOnTest.recall))  \(f(o.rulesOnTest.f1))")
            lines.append("(per message, before the per-sender window; detector eval runs both in the loop)")
            lines.append("\(path)  sha256 \(digest.hex)")
            return lines.joined(separator: "\n")
        }

        private static func decimal(_ v: Double?) -> String { v.map { String(format: "%.6f", $0) } ?? "" }

        /// The `--set` overrides of one run: the seed, and the duration (`--honest-duration` for an
        /// honest scenario, so that the attack runs' `--duration` does not make honest runs long).
        private func overrides(seed: UInt64?, honest: Bool) -> [String] {
            var all = self.overrides
            if let seed { all.append("seed=\(seed)") }
            if honest {
                all.append("duration=\(self.honestDuration)")
            } else if let duration {
                all.append("duration=\(duration)")
            }
            return all
        }
    }
}
