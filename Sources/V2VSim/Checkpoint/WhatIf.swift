import Scenario
import SimKernel

/// Which scenario fields a what-if may change at a checkpoint, and why the others may not.
///
/// A checkpoint holds state that was built from the scenario (each station's verifier settings,
/// queues sized by `security.queue`, the RSU network's revocation threshold, pseudonym schedules
/// drawn at admission, the road, the vehicles). The fields below are read afresh at every use, or
/// are copied into the stations and replaced there on resume (``Simulation/applyMidRunChanges()``),
/// so a change takes effect exactly at the checkpoint. Any other field would leave the restored
/// state and the scenario disagreeing, and is refused.
public enum WhatIf {
    /// Fields (override paths) that may change mid-run; a path equal to one or below it is allowed.
    public static let midRunFields = [
        "security.verify", "security.freshness", "security.future_tolerance", "security.denm_validity",
        "security.detection", "duration", "record.receptions", "record.radio_losses", "record.sample_rate",
    ]
    /// Below an allowed path but fixed when the run starts.
    public static let fixedFields = ["security.detection.revoke_after"]

    /// Nil when every override may change mid-run, else a message naming the first that may not.
    public static func refusedFields(_ overrides: [String]) -> String? {
        for override in overrides {
            let path = String(override.prefix { $0 != "=" }).trimmingCharacters(in: .whitespaces)
            if Self.allows(path) { continue }
            return "--set \(override): \(path) cannot change at a checkpoint (the restored state was built with the "
                + "recorded value); a what-if may change: \(Self.midRunFields.joined(separator: ", ")) "
                + "(not \(Self.fixedFields.joined(separator: ", "))); run the scenario again with `v2vsim run --set` instead"
        }
        return nil
    }

    static func allows(_ path: String) -> Bool {
        if Self.fixedFields.contains(where: { path == $0 || path.hasPrefix($0 + ".") }) { return false }
        return Self.midRunFields.contains { path == $0 || path.hasPrefix($0 + ".") }
    }
}
