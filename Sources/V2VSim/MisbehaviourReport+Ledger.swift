import Ledger
import V2VCrypto
import V2X

extension MisbehaviourReport {
    /// The report as a ledger leaf: certificates by their HashedId8, the check by its index in
    /// `Check.allCases` (range 0, speed 1, acceleration 2, position_jump 3, sudden_appearance 4,
    /// overlap 5, beacon_frequency 6, …, learned 17), the evidence and detector digests as they are.
    var ledgerLeaf: ReportLeaf {
        // The initializer checks that evidence holds 32 bytes.
        let evidence = try! Digest(bytes: self.evidence)
        let check = UInt8(Check.allCases.firstIndex(of: self.check)!)
        return ReportLeaf(
            reporter: self.reporter.raw, suspect: self.suspect.raw, check: check, time: self.time, evidence: evidence,
            detector: self.detector)
    }
}
