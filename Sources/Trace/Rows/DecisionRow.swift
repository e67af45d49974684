import SimKernel

/// One decision of a vehicle driven by a learned (MLP) policy: what the network was given and what
/// it answered, with the model that answered, so that an auditor can recompute it from the weights
/// file (`v2vsim verify --models DIR`).
///
/// Recorded at the FCD interval (the first traffic step at or after each FCD sample time), for
/// vehicles whose group names a weights file; stored in the `decisions` table and exported as
/// `decisions.csv` (docs/trace.md).
public struct DecisionRow: Sendable, Equatable {
    /// Simulated time of the traffic step that decided.
    public var time: SimTime
    /// The vehicle's id.
    public var vehicleID: UInt32
    /// The policy's name in the scenario: the weights file's path.
    public var policy: String
    /// SHA-256 of the weights file's bytes (64 lowercase hex digits), as the vehicle's
    /// registration leaf records it.
    public var modelDigest: String
    /// The observation version the network read (`observation-v1`, docs/policy.md).
    public var observationVersion: String
    /// The network's input vector, normalised as the observation version says.
    public var observation: [Double]
    /// The network's raw output [m/s²], before the policy clamps it.
    public var output: Double
    /// The acceleration the policy decided [m/s²]: the output clamped to the physical range.
    public var acceleration: Double
    /// The lane the policy chose, relative to the own lane (−1 right, 0 keep, +1 left); nil for a
    /// policy that chooses no lanes (observation v1: MOBIL does).
    public var laneChoice: Int?
    /// The acceleration after the safety shield and the world's end-of-ramp rule [m/s²]; nil
    /// without a shield (observation v1).
    public var shieldedAcceleration: Double?
    /// The lane change passed to the world after the shield (−1, 0, +1); nil for observation v1.
    public var laneChange: Int?
    /// What the shield changed, as `ShieldOverride` bits: 1 the acceleration bounds, 2 the
    /// following distance, 4 the lane change; 0 when nothing (always 0 for observation v1).
    public var shield: Int

    /// Creates a decision row; see the properties for units.
    public init(
        time: SimTime, vehicleID: UInt32, policy: String, modelDigest: String, observationVersion: String,
        observation: [Double], output: Double, acceleration: Double, laneChoice: Int? = nil,
        shieldedAcceleration: Double? = nil, laneChange: Int? = nil, shield: Int = 0
    ) {
        self.time = time
        self.vehicleID = vehicleID
        self.policy = policy
        self.modelDigest = modelDigest
        self.observationVersion = observationVersion
        self.observation = observation
        self.output = output
        self.acceleration = acceleration
        self.laneChoice = laneChoice
        self.shieldedAcceleration = shieldedAcceleration
        self.laneChange = laneChange
        self.shield = shield
    }
}

extension DecisionRow {
    /// Most values an observation may have in a trace (observation v1 has 4).
    public static let maximumObservationCount = 256

    /// The observation as stored: each value's IEEE 754 binary64 bits, little-endian, 8 bytes per value.
    public var observationBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 * self.observation.count)
        for value in self.observation {
            let bits = value.bitPattern
            for b in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(b)))) }
        }
        return bytes
    }

    /// The observation stored as `bytes`, or nil when they are not whole 8-byte values.
    public static func observation(fromBytes bytes: [UInt8]) -> [Double]? {
        guard bytes.count % 8 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 8).map { start in
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(bytes[start + b]) << (8 * UInt64(b)) }
            return Double(bitPattern: bits)
        }
    }
}
