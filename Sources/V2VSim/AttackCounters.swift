import V2X

/// Per attack type: what its messages did at vehicle receivers (ground truth from the sender).
struct AttackCounters: Codable {
    var sent = 0
    var received = 0
    var accepted = 0
    var rejected = 0
    var actedOn = 0
    /// Rejections by the pipeline layer that refused the message, indexed by `VerificationLayer.rawValue`.
    var rejectedByLayer = [Int](repeating: 0, count: VerificationLayer.allCases.count)
}
