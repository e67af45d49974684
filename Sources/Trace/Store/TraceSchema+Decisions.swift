extension TraceSchema {
    /// One row per recorded decision of a learned policy (`DecisionRow`): the observation as a BLOB of
    /// little-endian binary64 values, the model by the SHA-256 of its weights file.
    static let decisions = TableSpec("decisions", [
        ("time_ns", "INTEGER NOT NULL"), ("vehicle_id", "INTEGER NOT NULL"), ("policy", "TEXT NOT NULL"),
        ("model_sha256", "TEXT NOT NULL"), ("observation_version", "TEXT NOT NULL"), ("observation", "BLOB NOT NULL"),
        ("output", "REAL"), ("accel_mps2", "REAL"),
    ])
}
