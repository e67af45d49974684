extension TraceSchema {
    /// One row per recorded decision of a learned policy (`DecisionRow`): the observation as a BLOB of
    /// little-endian binary64 values, the model by the SHA-256 of its weights file; for a lane-choosing
    /// (observation v2) policy also its lane choice and what the safety shield made of the action
    /// (NULL, NULL, NULL, 0 for observation v1).
    static let decisions = TableSpec("decisions", decisionsVersion6.columns + [
        ("lane_choice", "INTEGER"), ("shielded_accel_mps2", "REAL"), ("lane_change", "INTEGER"),
        ("shield", "INTEGER NOT NULL"),
    ])

    /// The decisions table of schema version 6, before lane choices and the shield.
    static let decisionsVersion6 = TableSpec("decisions", [
        ("time_ns", "INTEGER NOT NULL"), ("vehicle_id", "INTEGER NOT NULL"), ("policy", "TEXT NOT NULL"),
        ("model_sha256", "TEXT NOT NULL"), ("observation_version", "TEXT NOT NULL"), ("observation", "BLOB NOT NULL"),
        ("output", "REAL"), ("accel_mps2", "REAL"),
    ])
}
