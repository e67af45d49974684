import Testing

import V2X

@Suite("Verification layers")
struct VerificationLayerTests {
    @Test("each rejection reason belongs to the layer that checks it; every implausible_* reason to plausibility")
    func layers() {
        let expected: [RejectionReason: VerificationLayer] = [
            .decodeError: .decode, .unknownSigner: .certificate, .badCertificate: .certificate,
            .expiredCertificate: .certificate, .badSignature: .signature, .stale: .freshness, .future: .freshness,
            .replayed: .freshness, .revoked: .revocation, .queueOverflow: .queue,
        ]
        for reason in RejectionReason.allCases {
            let layer = VerificationLayer(reason)
            if reason.rawValue.hasPrefix("implausible_") {
                #expect(layer == .plausibility, "\(reason)")
            } else {
                #expect(expected[reason] == layer, "\(reason) → \(layer)")
            }
        }
        #expect(VerificationLayer.allCases.filter { !$0.isDefence } == [.queue])
    }
}
