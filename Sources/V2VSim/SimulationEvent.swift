import Ledger
import SimKernel
import Traffic
import V2VCrypto

/// Everything that can happen in a run. The kernel orders events by (time, phase, insertion).
enum SimulationEvent: Codable {
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
    /// An event of the RSU network (forwarded leaf, backhaul delivery, consensus timer, fault).
    case rsuNetwork(RSUNetworkEvent)
    /// A vehicle signs its pending ledger leaves into an uplink frame.
    case uplinkSend(VehicleID)
    /// A signed uplink frame is ready for the MAC (physical radio models).
    case uplinkFrameReady(VehicleID)
    /// A FakeHazard attacker repeats its false hazard warning.
    case falseHazardWarning(VehicleID)
}
