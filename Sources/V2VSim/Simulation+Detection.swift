import Ledger
import SimKernel
import V2VCrypto
import V2X

/// Ground-truth scoring of misbehaviour detection: an observer of the stations' verdicts. The
/// stations decide without knowing which frames were attacks; here each verdict is read beside the
/// frame's label (the attack that produced it, from the sender) and counted. Reports the stations
/// send go to the ledger through an RSU in range (`submitToLedger`), whose committee revokes once
/// enough distinct reporters are on the chain.
extension Simulation {
    /// Scores one verdict of the station of `agent` on a frame labelled `attack` (nil: genuine).
    func score(_ verdict: ReceptionVerdict, label attack: AttackType?, at agent: VehicleAgent) {
        if let finding = verdict.plausibility {
            // Outsiders' frames never reach the plausibility checks on their merits (they are
            // captured copies or forgeries): they are scored by the cryptographic layer instead.
            if let attack {
                if !attack.isOutsider {
                    if let check = finding.check {
                        self.detection.counters[attack.rawValue].truePositives += 1
                        self.detection.counters[attack.rawValue].byCheck[check, default: 0] += 1
                    } else {
                        self.detection.counters[attack.rawValue].falseNegatives += 1
                    }
                }
            } else if let check = finding.check {
                self.detection.falsePositives += 1
                self.detection.falsePositivesByCheck[check, default: 0] += 1
            } else {
                self.detection.trueNegatives += 1
            }
        }
        self.noteHazardsDropped(verdict.hazardsDropped, at: agent)
        if let key = verdict.hazardAdded {
            if attack != nil {
                agent.falseHazards.insert(key)
                self.hazardChecks.warnedFalsely.insert(Int(agent.id.raw))
            } else {
                agent.falseHazards.remove(key)
            }
        }
    }

    /// Counts hazard beliefs a station dropped by their ground truth and forgets their labels.
    func noteHazardsDropped(_ keys: [HazardKey], at agent: VehicleAgent) {
        for key in keys {
            if agent.falseHazards.remove(key) != nil {
                self.hazardChecks.falseBeliefsDropped += 1
            } else {
                self.hazardChecks.genuineBeliefsDropped += 1
            }
        }
    }

    /// Sends a station's misbehaviour report to the ledger, through an RSU in range, and notes the
    /// first detection of an attacker (ground truth: who owns the suspect certificate).
    func forward(_ report: MisbehaviourReport, from raw: Int) {
        if let owner = self.detection.owner[report.suspect] {
            // As for revocations: a vehicle is an attacker once it has sent an attack message.
            if self.detection.firstAttack[owner] == nil {
                self.detection.honestReported.insert(owner)
            } else if self.detection.firstDetected[owner] == nil {
                self.detection.firstDetected[owner] = report.time
            }
        }
        self.detection.reportsSent += 1
        self.submitToLedger(.report(report.ledgerLeaf), from: raw)
    }
}
