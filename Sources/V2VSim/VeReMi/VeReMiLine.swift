import Foundation

/// One JSON line of the VeReMi extension logs (F2MD's `VeReMiPrintable`): type 2 is the receiver's own
/// GPS, type 3 a received beacon as it claims to be, type 4 a sent beacon's ground truth.
///
/// Vectors are `[x, y, 0]`: speed and acceleration along the heading, heading as a unit vector. v2vsim's
/// CAM carries no confidence values, so every `*_noise` vector is zero. A non-finite number (a NaN the
/// trace stored as NULL) is written as `null`, so every line stays valid JSON.
struct VeReMiLine {
    /// Kinematic state in the VeReMi vector form.
    struct Kinematics {
        var x: Double
        var y: Double
        var speed: Double
        var acceleration: Double
        /// Degrees clockwise from north (+y), as CAMs and SUMO give it.
        var headingDeg: Double
    }

    static let gps = 2
    static let beacon = 3
    static let groundTruth = 4

    /// The line without its trailing newline.
    static func encode(
        type: Int, receiveTime: Double?, sendTime: Double?, sender: UInt32?, senderPseudo: UInt32?,
        messageID: UInt64?, state: Kinematics, attackerType: Int? = nil
    ) -> String {
        var out = "{\"type\":\(type)"
        if let receiveTime { out += ",\"rcvTime\":" + Self.number(receiveTime) }
        if let sendTime { out += ",\"sendTime\":" + Self.number(sendTime) }
        if let sender { out += ",\"sender\":\(sender)" }
        if let senderPseudo { out += ",\"senderPseudo\":\(senderPseudo)" }
        if let messageID { out += ",\"messageID\":\(messageID)" }
        let (hx, hy) = Self.unitVector(degrees: state.headingDeg)
        out += ",\"pos\":" + Self.vector(state.x, state.y)
        out += ",\"pos_noise\":[0,0,0]"
        out += ",\"spd\":" + Self.vector(state.speed * hx, state.speed * hy)
        out += ",\"spd_noise\":[0,0,0]"
        out += ",\"acl\":" + Self.vector(state.acceleration * hx, state.acceleration * hy)
        out += ",\"acl_noise\":[0,0,0]"
        out += ",\"hed\":" + Self.vector(hx, hy)
        out += ",\"hed_noise\":[0,0,0]"
        if let attackerType { out += ",\"attackerType\":\(attackerType)" }
        return out + "}"
    }

    /// (sin, cos) of a heading, exact at multiples of 90° (where the floating-point sine of π/2 multiples
    /// leaves a 1e-16 residue that would read as a sideways component).
    static func unitVector(degrees: Double) -> (Double, Double) {
        let quarter = degrees / 90
        if quarter == quarter.rounded(), quarter.isFinite {
            switch Int(quarter) & 3 {
            case 0: return (0, 1)
            case 1: return (1, 0)
            case 2: return (0, -1)
            default: return (-1, 0)
            }
        }
        let radians = degrees * .pi / 180
        return (sin(radians), cos(radians))
    }

    /// Seconds from nanoseconds of simulated time.
    static func seconds(_ nanoseconds: Int64) -> Double { Double(nanoseconds) / 1e9 }

    private static func vector(_ x: Double, _ y: Double) -> String {
        "[" + Self.number(x) + "," + Self.number(y) + ",0]"
    }

    /// Shortest round-trip decimal form; `null` for NaN and infinities, which JSON has no word for.
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
