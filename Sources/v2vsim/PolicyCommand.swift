import ArgumentParser
import Foundation
import NeuralNet
import Policy
import Scenario
import SimKernel
import Traffic
import V2VCrypto
import V2VSim

/// `v2vsim policy`: train, inspect and check learned driving policies.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Train and inspect MLP driving policies (safetensors weights).",
        subcommands: [Train.self, Eval.self, Inspect.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train an MLP to imitate the expert (behaviour cloning, then DAgger) and save its weights.",
            discussion: """
                Observation v2 (the default with --scenario): behaviour cloning of the expert's acceleration and \
                lane changes in the states it visits in the simulator (one run per --scenario, observation v2 from \
                each driver's perception, sampled every --sample-interval seconds), then --rounds DAgger rounds: \
                the network drives every vehicle (round r at the scenario's seed + r), the expert labels every \
                state it visits, the data are aggregated and the network is trained again. Seeded: the same \
                command writes the same bytes. The weights record the provenance in their metadata.
                Observation v1 (the default without --scenario): IDM's acceleration on sampled situations.
                """)

        @Option(help: "Observation layout: v1 (acceleration from sampled situations) or v2 (speed and lanes in the simulator; the default with --scenario).")
        var observation: String?

        @Option(help: "DAgger rounds after behaviour cloning (v2; 0 to 50).")
        var rounds = 3

        @Option(help: "Also write the per-round evaluation (one row per rollout) into this CSV file (v2).")
        var roundsCsv: String?

        @Option(help: "Largest data set the rounds may aggregate, in samples (v2; 100 to 5000000).")
        var maxSamples = 1_000_000

        @Option(help: "Simulated duration of every rollout, e.g. 30s; overrides the scenarios' (v2).")
        var duration: String?

        @Option(name: .customLong("scenario"), help: "Scenario of an expert rollout (v2; repeatable; a scenario named k times runs k times per round, at seeds 51 apart).")
        var scenarios: [String] = []

        @Option(help: "Seconds between sampled traffic steps of a rollout (v2).")
        var sampleInterval = 0.5

        @Option(help: "Also write the loss per epoch into this CSV file.")
        var lossCsv: String?

        @Option(help: "Output weights file (.safetensors).")
        var out: String

        @Option(help: "Hidden layer sizes, comma separated.")
        var hidden = "32,32"

        @Option(help: "Training samples.")
        var samples = 20_000

        @Option(help: "Epochs.")
        var epochs = 30

        @Option(help: "Seed for sampling, initialisation and shuffling.")
        var seed: UInt64 = 1

        @Option(help: "Desired speed of the expert being imitated, km/h.")
        var desiredSpeedKmh = 120.0

        @Option(
            help: ArgumentHelp(
                "Coolness of the teacher (v2): the expert being imitated brakes like the ACC model with this c in [0, 0.999] "
                    + "(0: plain IDM, as the scenarios' expert drives; 0.8: calm at close cut-ins by faster cars).",
                valueName: "c"))
        var teacherCoolness: Double?

        /// The observation layout: as given, else v2 with scenarios and v1 without.
        var layout: String { self.observation ?? (self.scenarios.isEmpty ? "v1" : "v2") }

        func validate() throws {
            guard ["v1", "v2"].contains(self.layout) else { throw ValidationError("--observation: v1 or v2, got '\(self.layout)'") }
            if self.layout == "v2" {
                guard !self.scenarios.isEmpty else { throw ValidationError("--observation v2 needs at least one --scenario") }
                guard self.sampleInterval >= 0.01 && self.sampleInterval <= 60 else {
                    throw ValidationError("--sample-interval: 0.01 to 60 s, got \(self.sampleInterval)")
                }
                let named = Dictionary(self.scenarios.map { ($0, 1) }, uniquingKeysWith: +)
                if let path = self.scenarios.first(where: { named[$0]! > DAggerTraining.maximumRepeats }) {
                    throw ValidationError("--scenario \(path): named \(named[path]!) times, at most \(DAggerTraining.maximumRepeats)")
                }
                if let c = self.teacherCoolness, !(0...0.999).contains(c) {
                    throw ValidationError("--teacher-coolness: 0 to 0.999, got \(c)")
                }
                guard (0...50).contains(self.rounds) else { throw ValidationError("--rounds: 0 to 50, got \(self.rounds)") }
                guard (100...5_000_000).contains(self.maxSamples) else {
                    throw ValidationError("--max-samples: 100 to 5000000, got \(self.maxSamples)")
                }
            } else {
                guard self.scenarios.isEmpty else { throw ValidationError("--scenario: observation v1 trains on sampled situations, not rollouts; use --observation v2") }
                guard self.roundsCsv == nil && self.duration == nil && self.teacherCoolness == nil else {
                    throw ValidationError("--rounds-csv, --duration and --teacher-coolness are for observation v2 (rollouts in the simulator)")
                }
            }
            guard self.hiddenSizes != nil else { throw ValidationError("--hidden: expected sizes like 32,32, got '\(self.hidden)'") }
            guard self.samples >= 100 else { throw ValidationError("--samples: need at least 100, got \(self.samples)") }
            guard (1...1000).contains(self.epochs) else { throw ValidationError("--epochs: must be 1...1000, got \(self.epochs)") }
        }

        var hiddenSizes: [Int]? {
            let sizes = self.hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 && ($0 ?? 0) <= 1024 }) else { return nil }
            return sizes.map { $0! }
        }

        func run() throws {
            if self.layout == "v2" { return try self.trainV2() }
            var settings = BehaviourCloning.Settings()
            settings.hiddenLayers = self.hiddenSizes!
            settings.trainingSamples = self.samples
            settings.validationSamples = max(1_000, self.samples / 5)
            settings.epochs = self.epochs
            settings.seed = self.seed
            var idm = IDMParameters()
            idm.desiredSpeed = self.desiredSpeedKmh / 3.6
            let trainer = BehaviourCloning(teacher: ExpertPolicy(parameters: idm), desiredSpeed: idm.desiredSpeed, settings: settings)
            let (network, report) = trainer.train()
            for (epoch, loss) in report.trainingLoss.enumerated() where epoch % 5 == 4 || epoch == report.trainingLoss.count - 1 {
                print(String(format: "epoch %3d  training MSE %.4f (m/s²)²", epoch + 1, loss))
            }
            print(String(format: "validation MSE %.4f (m/s²)², MAE %.4f m/s²", report.validationLoss, report.validationMeanAbsoluteError))
            try self.writeCSV(self.lossCsv, Self.lossCSV(report.trainingLoss.enumerated().map { (0, $0 + 1, $1, nil) }))
            let bytes = PolicyFile.encode(network, metadata: [
                "teacher": "expert-idm", "seed": String(self.seed), "hidden": self.hidden,
                "samples": String(self.samples), "epochs": String(self.epochs),
            ])
            try self.write(bytes)
        }

        /// The loss curve: one row per epoch of each training (round 0 is behaviour cloning).
        static func lossCSV(_ rows: [(round: Int, epoch: Int, training: Double, validation: Double?)]) -> String {
            var text = "epoch,round,training_loss,validation_loss\n"
            for row in rows {
                text += "\(row.epoch),\(row.round),\(row.training),\(row.validation.map { "\($0)" } ?? "")\n"
            }
            return text
        }

        /// Writes `text` to `path` when one was given.
        func writeCSV(_ path: String?, _ text: String) throws {
            guard let path else { return }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                Terminal.error("error: cannot write \(path): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }

        func write(_ bytes: [UInt8]) throws {
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: self.out), options: .atomic)
            } catch {
                Terminal.error("error: cannot write \(self.out): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            print("wrote \(self.out) (\(bytes.count) bytes, sha256 \(SHA256.hash(bytes).hex))")
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a weights file's layers, digest and how closely it follows the expert.")

        @Argument(help: "Weights file (.safetensors).")
        var file: String

        func run() throws {
            let policy: MLPPolicy
            do { policy = try PolicyFile.load(path: self.file) } catch {
                Terminal.error("error: \(error)")
                throw ExitCode.validationFailure
            }
            let bytes = FileManager.default.contents(atPath: self.file).map { [UInt8]($0) } ?? []
            let shape = [policy.network.inputCount] + policy.network.layers.map(\.outputs)
            let parameters = policy.network.layers.reduce(0) { $0 + $1.weights.count + $1.biases.count }
            print("policy      \(policy.name)")
            print("features    \(policy.observation.rawValue)")
            print("layers      \(shape.map(String.init).joined(separator: " → ")) (ReLU hidden, linear output)")
            print("parameters  \(parameters)")
            print("sha256      \(SHA256.hash(bytes).hex)")
            // Agreement with the expert on a fixed grid of situations.
            let expert = ExpertPolicy(parameters: IDMParameters())
            var total = 0.0
            var worst = 0.0
            var n = 0
            for speed in stride(from: 0.0, through: 33.0, by: 3.0) {
                for gap in [5.0, 10, 20, 40, 80, 160] {
                    for closing in [-4.0, 0, 4] {
                        let o = Observation(speed: speed, desiredSpeed: 120 / 3.6, gap: gap, leaderSpeed: max(0, speed - closing))
                        let target = min(max(expert.acceleration(for: o), -9), 3)
                        let e = abs(Self.acceleration(of: policy, for: o) - target)
                        total += e
                        worst = max(worst, e)
                        n += 1
                    }
                }
            }
            print(String(format: "vs expert   mean |Δa| %.3f m/s², worst %.3f m/s² over %d grid situations", total / Double(n), worst, n))
        }

        /// The policy's acceleration in the situation `o` describes; for v2, a sensed leader in the
        /// middle lane of three at 120 km/h, nobody else around.
        static func acceleration(of policy: MLPPolicy, for o: Observation) -> Double {
            switch policy.observation {
            case .v1: return policy.acceleration(for: o)
            case .v2:
                var v2 = ObservationV2(speed: o.speed, desiredSpeed: o.desiredSpeed, speedLimit: 120 / 3.6, lane: 1, lanes: 3)
                if let gap = o.gap {
                    v2.neighbours[ObservationV2.Slot.ownLeader.rawValue] = .init(
                        gap: gap, relativeSpeed: o.leaderSpeed - o.speed, source: .sensor)
                }
                return policy.action(for: v2).acceleration
            }
        }
    }
}
