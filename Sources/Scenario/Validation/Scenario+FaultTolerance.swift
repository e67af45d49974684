import Ledger
import SimKernel

extension Scenario {
    /// Warnings (not errors) about the scenario's ledger faults: when more RSUs are Byzantine at
    /// one moment (`byzantine` or `equivocate` faults) than the committee tolerates,
    /// `f = (n - 1) / 3`, the consensus no longer promises safety, and the run may end with
    /// `safety: VIOLATED`. That is a legitimate experiment, so it is a warning.
    public var faultToleranceWarnings: [String] {
        let n = self.rsuCount
        let f = (n - 1) / 3
        let byzantine = self.ledger.faults.filter { $0.kind == .byzantine || $0.kind == .equivocate }
        var worst = (count: 0, at: SimTime.zero, rsus: [Int]())
        // The set of faulty RSUs only grows at a fault's start, so checking every start suffices.
        for start in byzantine.map(\.start) {
            let active = byzantine.filter { $0.start <= start && ($0.end.map { start < $0 } ?? true) }
            let rsus = Array(Set(active.flatMap(\.rsus).filter { $0 < n })).sorted()
            if rsus.count > worst.count { worst = (rsus.count, start, rsus) }
        }
        guard worst.count > f else { return [] }
        let list = worst.rsus.map(String.init).joined(separator: ", ")
        return [
            "ledger.faults: \(worst.count) RSUs (\(list)) are Byzantine at once from \(TimeText.format(worst.at)), "
                + "more than the f = \(f) that \(n) RSUs tolerate: safety is not guaranteed"
        ]
    }
}
