import Ledger
import SimKernel
import Traffic
import V2VCrypto

/// Everything that can happen in a run. The kernel orders events by (time, phase, insertion).
enum SimulationEvent {
    /// Move all vehicles by one traffic step.
    case trafficStep
    /// Record every vehicle's state (FCD).
    case recordVehicles
    /// Vehicle sends its next beacon.
    case beacon(VehicleID)
    /// A frame has finished its airtime; hand it to every station in range.
    case frameEnd(transmission: UInt64)
    /// A signed frame is ready for the MAC (physical radio models).
    case frameReady(VehicleID)
    /// A station's medium may have turned idle; resume its frozen backoff if `token` is current.
    case mediumIdle(VehicleID, token: UInt32)
    /// A station's AIFS and backoff countdown ended; transmit if `token` is current.
    case accessEnd(VehicleID, token: UInt32)
    /// A leaf one RSU took in (a heard message's digest, a vehicle's registration or report)
    /// arrives at the others over the backhaul.
    case leafForwarded(LedgerLeaf, from: RSUID)
    /// A consensus message reaches an RSU over the backhaul.
    case backhaul(ConsensusMessage, from: RSUID, to: RSUID)
    /// A consensus timer of an RSU fires.
    case consensusTimer(ConsensusTimer, RSUID)
    /// Scenario fault `ledger.faults[index]` starts or ends.
    case ledgerFault(Int, starts: Bool)
    /// A FakeHazard attacker repeats its false hazard warning.
    case falseHazardWarning(VehicleID)
}
