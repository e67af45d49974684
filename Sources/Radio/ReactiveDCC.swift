import SimKernel

/// Reactive decentralised congestion control (ETSI TS 102 687): a state per station chosen from
/// its channel busy ratio, each state allowing a minimum interval between two beacons. Thresholds
/// and intervals follow ms-van3t's reactive table (Relaxed < 0.20 ≤ Active1 < 0.30 ≤ Active2 <
/// 0.40 ≤ Active3 < 0.50 ≤ Restrictive; 100, 200, 400, 500, 1000 ms).
public enum ReactiveDCC {
    public enum State: Int, Sendable, CaseIterable, Codable {
        case relaxed, active1, active2, active3, restrictive
    }

    /// The state for a measured channel busy ratio.
    public static func state(cbr: Double) -> State {
        switch cbr {
        case ..<0.20: .relaxed
        case ..<0.30: .active1
        case ..<0.40: .active2
        case ..<0.50: .active3
        default: .restrictive
        }
    }

    /// Least interval between two beacons in `state`.
    public static func interval(_ state: State) -> SimTime {
        switch state {
        case .relaxed: .milliseconds(100)
        case .active1: .milliseconds(200)
        case .active2: .milliseconds(400)
        case .active3: .milliseconds(500)
        case .restrictive: .milliseconds(1000)
        }
    }
}
