/// Per attack type: what its messages did at vehicle receivers (ground truth from the sender).
struct AttackCounters: Codable {
    var sent = 0
    var received = 0
    var accepted = 0
    var rejected = 0
    var actedOn = 0
}
