/// The header row of each exported CSV file. These names are a stable contract (see docs/trace.md).
enum CSVColumns {
    static let vehicles = [
        "time_s", "vehicle_id", "x_m", "y_m", "angle_deg", "speed_mps", "accel_mps2", "lane", "type", "policy", "pos_m",
    ]
    static let messages = [
        "message_id", "sender", "pseudonym", "type", "t_generated", "t_signed", "t_transmit_start", "t_transmit_end",
        "size_bytes", "envelope_hex", "signer_public_key_hex", "attacker",
    ]
    static let receptions = [
        "message_id", "receiver_kind", "receiver", "t_received", "distance_m", "radio_outcome", "verify_outcome",
        "reason", "t_verify_start", "t_verified", "latency_ms", "acted_on",
    ]
    static let blocks = [
        "height", "hash", "previous_hash", "merkle_root", "proposer", "t_proposed", "t_final", "leaf_count",
        "signatures", "header_hex",
    ]
    static let anchors = [
        "message_id", "height", "leaf_index", "leaf_hash", "t_generated", "t_final", "anchoring_latency_ms",
    ]
    static let incidents = ["time_s", "kind", "vehicle_a", "vehicle_b", "value", "detail"]
    static let leaves = ["height", "leaf_index", "kind", "leaf_hex", "leaf_hash", "t_final"]
    static let consensus = ["time_s", "rsu", "kind", "view", "height", "bytes", "recipients"]
    static let decisions = [
        "time_s", "vehicle_id", "policy", "model_sha256", "observation_version", "observation", "output", "accel_mps2",
        "lane_choice", "shielded_accel_mps2", "lane_change", "shield",
    ]
}
