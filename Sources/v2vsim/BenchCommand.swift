import ArgumentParser
import Foundation
import Scenario
import SimKernel
import V2VCrypto
import V2VSim
import V2X

/// `v2vsim bench`: throughput figures as JSON lines, raw libsodium next to the paths v2vsim uses.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure crypto and simulation throughput; prints JSON lines.")

    @Option(help: "Scenario for the simulation figure.")
    var scenario = "Scenarios/highway.yaml"

    @Option(help: "Simulated seconds for the simulation figure.")
    var duration = "10s"

    @Option(help: "Crypto operations per measurement.")
    var iterations = 20_000

    func run() throws {
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        func emit(_ name: String, _ fields: [(String, String)]) {
            let body = fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
            print("{\"bench\": \"\(name)\", \(body)}")
        }
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        let message = [UInt8](repeating: 0xAB, count: 111)
        let n = self.iterations

        // Warm up caches and page in libsodium before the first figure, so that ratios compare like with like.
        for _ in 0..<min(n, 2_000) { _ = key.verifyingKey.isValidSignature(key.signature(for: message), for: message) }

        var start = clock.now
        var signature = key.signature(for: message)
        for _ in 0..<n { signature = key.signature(for: message) }
        let signRate = Double(n) / seconds(clock.now - start)
        emit("libsodium_sign", [("ops_per_s", String(format: "%.0f", signRate)), ("message_bytes", "111")])

        start = clock.now
        var ok = true
        for _ in 0..<n { ok = ok && key.verifyingKey.isValidSignature(signature, for: message) }
        let verifyRate = Double(n) / seconds(clock.now - start)
        precondition(ok)
        emit("libsodium_verify", [("ops_per_s", String(format: "%.0f", verifyRate)), ("message_bytes", "111")])

        // The path a beacon takes: encode the CAM, build and sign the envelope.
        let ca = CertificateAuthority(key: try SigningKey(seed: [UInt8](repeating: 9, count: 32)))
        let cert = ca.issue(subject: key.verifyingKey, validFrom: .zero, validUntil: .seconds(3600))
        let cam = SensorBroadcast(stationID: 1, x: 100, y: 1.75, speed: 30, heading: 90, acceleration: 0.1, length: 5, lane: 0)
        start = clock.now
        var totalBytes = 0
        for i in 0..<n {
            totalBytes += SignedEnvelope.sign(
                type: .cam, generationTime: .milliseconds(Int64(i)), signer: .digest(cert.digest), payload: cam.encoded(), key: key
            ).bytes.count
        }
        precondition(totalBytes == n * 111)
        let envelopeRate = Double(n) / seconds(clock.now - start)
        emit("envelope_sign", [("ops_per_s", String(format: "%.0f", envelopeRate)), ("ratio_to_libsodium", String(format: "%.3f", envelopeRate / signRate))])

        // Full verifier pipeline without memo hits: a fresh memo per message so libsodium runs each time.
        var verifier = StationVerifier(config: SecurityConfig(), trustedCA: ca.verifyingKey, caDigest: ca.digest)
        let first = SignedEnvelope.sign(type: .cam, generationTime: .zero, signer: .certificate(cert), payload: cam.encoded(), key: key)
        _ = verifier.verify(first.bytes, now: .zero, memo: SignatureMemo(capacity: 1))
        var envelopes: [[UInt8]] = []
        for i in 1...min(n, 5_000) {
            envelopes.append(SignedEnvelope.sign(
                type: .cam, generationTime: .milliseconds(Int64(i)), signer: .digest(cert.digest), payload: cam.encoded(), key: key).bytes)
        }
        let memo = SignatureMemo(capacity: 1)
        start = clock.now
        var accepted = 0
        for (i, bytes) in envelopes.enumerated() {
            if verifier.verify(bytes, now: .milliseconds(Int64(i + 1)), memo: memo).outcome == .accepted { accepted += 1 }
        }
        let pipelineRate = Double(envelopes.count) / seconds(clock.now - start)
        precondition(accepted == envelopes.count, "bench: verifier rejected an honest message")
        emit("verifier_pipeline", [("ops_per_s", String(format: "%.0f", pipelineRate)), ("ratio_to_libsodium", String(format: "%.3f", pipelineRate / verifyRate))])

        let loaded: Scenario
        do {
            loaded = try ScenarioLoader.load(path: self.scenario, overrides: ["duration=\(self.duration)"])
        } catch {
            Terminal.error(error.description)
            throw ExitCode.validationFailure
        }
        let simulation = Simulation(scenario: loaded)
        start = clock.now
        let summary = try simulation.run(recorder: nil)
        let wall = seconds(clock.now - start)
        emit("simulation", [
            ("scenario", "\"\(loaded.name)\""), ("simulated_s", String(format: "%.1f", loaded.duration.seconds)),
            ("wall_s", String(format: "%.3f", wall)), ("sim_to_wall", String(format: "%.2f", loaded.duration.seconds / wall)),
            ("messages", String(summary.messagesSent)), ("receptions", String(summary.vehicleReceptions + summary.rsuReceptions)),
            ("receptions_per_wall_s", String(format: "%.0f", Double(summary.vehicleReceptions + summary.rsuReceptions) / wall)),
            ("sign_calls", String(summary.signCalls)), ("verify_calls", String(summary.verifyCalls)),
        ])
        emit("environment", [("libsodium", "\"\(SodiumInfo.version)\""), ("cores", String(ProcessInfo.processInfo.activeProcessorCount))])
    }
}
