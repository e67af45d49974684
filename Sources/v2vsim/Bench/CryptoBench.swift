import V2VCrypto
import V2X

/// Raw libsodium Ed25519 next to the paths v2vsim puts around it (envelope signing, the verifier pipeline).
enum CryptoBench {
    /// Measured per-operation rates [ops/s].
    struct Rates {
        var sign: Double
        var verify: Double
    }

    /// Measures and reports; returns libsodium's own sign and verify rates for the floor of the full run.
    static func run(iterations n: Int, report: BenchReport) throws -> Rates {
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        let message = [UInt8](repeating: 0xAB, count: 111)

        // Warm up caches and page in libsodium before the first figure, so that ratios compare like with like.
        for _ in 0..<min(n, 2_000) { _ = key.verifyingKey.isValidSignature(key.signature(for: message), for: message) }

        var signature = key.signature(for: message)
        let sign = BenchClock.measure { for _ in 0..<n { signature = key.signature(for: message) } }
        let signRate = Double(n) / sign.seconds
        report.emit("libsodium_sign", [("ops_per_s", .number(signRate, decimals: 0)), ("us_per_op", .number(1e6 / signRate)),
                                       ("message_bytes", .integer(message.count))])

        var ok = true
        let verify = BenchClock.measure { for _ in 0..<n { ok = ok && key.verifyingKey.isValidSignature(signature, for: message) } }
        precondition(ok, "bench: libsodium rejected its own signature")
        let verifyRate = Double(n) / verify.seconds
        report.emit("libsodium_verify", [("ops_per_s", .number(verifyRate, decimals: 0)), ("us_per_op", .number(1e6 / verifyRate)),
                                         ("message_bytes", .integer(message.count))])

        // The path a beacon takes: encode the CAM, build and sign the envelope.
        let ca = CertificateAuthority(key: try SigningKey(seed: [UInt8](repeating: 9, count: 32)))
        let cert = ca.issue(subject: key.verifyingKey, validFrom: .zero, validUntil: .seconds(3600))
        let cam = SensorBroadcast(stationID: 1, x: 100, y: 1.75, speed: 30, heading: 90, acceleration: 0.1, length: 5, lane: 0)
        var totalBytes = 0
        let envelope = BenchClock.measure {
            for i in 0..<n {
                totalBytes += SignedEnvelope.sign(
                    type: .cam, generationTime: .milliseconds(Int64(i)), signer: .digest(cert.digest), payload: cam.encoded(),
                    key: key
                ).bytes.count
            }
        }
        precondition(totalBytes > 0)
        let envelopeRate = Double(n) / envelope.seconds
        report.emit("envelope_sign", [("ops_per_s", .number(envelopeRate, decimals: 0)),
                                      ("ratio_to_libsodium", .number(envelopeRate / signRate))])

        // Full verifier pipeline without memo hits: a memo of one entry, so libsodium runs each time.
        var verifier = StationVerifier(config: SecurityConfig(), trustedCA: ca.verifyingKey, caDigest: ca.digest)
        let first = SignedEnvelope.sign(type: .cam, generationTime: .zero, signer: .certificate(cert), payload: cam.encoded(), key: key)
        _ = verifier.verify(first.bytes, now: .zero, memo: SignatureMemo(capacity: 1))
        var envelopes: [[UInt8]] = []
        for i in 1...max(1, min(n, 5_000)) {
            envelopes.append(SignedEnvelope.sign(
                type: .cam, generationTime: .milliseconds(Int64(i)), signer: .digest(cert.digest), payload: cam.encoded(),
                key: key
            ).bytes)
        }
        let memo = SignatureMemo(capacity: 1)
        var accepted = 0
        let pipeline = BenchClock.measure {
            for (i, bytes) in envelopes.enumerated() {
                if verifier.verify(bytes, now: .milliseconds(Int64(i + 1)), memo: memo).outcome == .accepted { accepted += 1 }
            }
        }
        precondition(accepted == envelopes.count, "bench: verifier rejected an honest message")
        let pipelineRate = Double(envelopes.count) / pipeline.seconds
        report.emit("verifier_pipeline", [("ops_per_s", .number(pipelineRate, decimals: 0)),
                                          ("ratio_to_libsodium", .number(pipelineRate / verifyRate))])
        return Rates(sign: signRate, verify: verifyRate)
    }
}
