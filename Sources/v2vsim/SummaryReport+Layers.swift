import Foundation
import V2VSim
import V2X

extension SummaryReport {
    /// The "caught by layer" table: for each attack type present, how many of its received messages each
    /// defence refused (decode, certificate, signature, freshness, revocation, plausibility; a full queue
    /// is listed but is not a defence) and the share caught. One table for insiders and outsiders, so it
    /// shows what cryptography stops and what only the plausibility checks and revocations can.
    static func layerLines(_ attacks: [RunSummary.AttackOutcome]) -> [String] {
        let layers = VerificationLayer.allCases
        let widths = layers.map { max($0.name.count + 1, 8) }
        var lines = ["caught by layer (ground truth) received" + zip(layers, widths).map { $0.name.leftPadded(to: $1) }.joined() + "  caught"]
        for a in attacks {
            let counts = zip(layers, widths).map { layer, width in
                String(a.rejectedByLayer.first { $0.layer == layer }?.count ?? 0).leftPadded(to: width)
            }
            let recall = a.caughtRecall.map { String(format: "%6.3f", $0) } ?? "   n/a"
            lines.append("  \(String(format: "%2d", a.number)) \(a.name.padding(toLength: 19, withPad: " ", startingAt: 0))"
                + String(a.received).leftPadded(to: 15) + counts.joined() + "  " + recall)
        }
        return lines
    }
}

extension String {
    /// The string right-aligned in `width` columns (never cut).
    fileprivate func leftPadded(to width: Int) -> String {
        self.count >= width ? " " + self : String(repeating: " ", count: width - self.count) + self
    }
}
