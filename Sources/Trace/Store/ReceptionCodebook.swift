/// The small integer codes that the `receptions` table stores instead of its label columns
/// (`radio_outcome`, `verify_outcome`, `reason`), and their names.
///
/// Storing a code instead of text makes a reception row about a third smaller and cheaper to write;
/// readers and the CSV export turn codes back into names, so every API still speaks names. The codes
/// below are fixed (documented in docs/trace.md); a name that is not among them (a reason added to the
/// verifier after this table) gets the next free code from ``firstDynamicCode`` on, in the order the
/// run first meets it, so the mapping stays deterministic. Every code a trace uses, fixed or not, is in
/// its `reception_codes` table, which is what readers consult.
struct ReceptionCodebook: Sendable {
    /// A label column of `receptions`.
    enum Column: String, CaseIterable, Sendable {
        case radioOutcome = "radio_outcome"
        case verifyOutcome = "verify_outcome"
        case reason
    }

    /// Codes from here on are assigned during a run, per column.
    static let firstDynamicCode: Int64 = 1_000

    /// The fixed names of each column; a name's code is its index.
    static let fixedNames: [Column: [String]] = [
        .radioOutcome: ["received", "below_sensitivity", "collision", "half_duplex"],
        .verifyOutcome: ["", "accepted", "rejected", "unchecked"],
        .reason: [
            "", "decode_error", "unknown_signer", "bad_certificate", "expired_certificate", "bad_signature",
            "stale", "future", "replayed", "queue_overflow", "revoked", "implausible_range", "implausible_speed",
            "implausible_acceleration", "implausible_position_jump", "implausible_sudden_appearance",
            "implausible_overlap", "implausible_beacon_frequency", "implausible_hazard_geometry",
            "implausible_hazard_sender", "implausible_hazard_moving_vehicle", "implausible_hazard_not_seen",
            // The confidence-based CAM checks (issue 14), appended so earlier codes stay.
            "implausible_heading", "implausible_road_fit", "implausible_track", "implausible_sender_history",
            "implausible_duplicate", "implausible_age",
            // The learned detector (`detection.model`) flagged a CAM no rule check failed.
            "implausible_learned",
        ],
    ]

    /// Every fixed (column, code, name), in column then code order: the rows a new trace's
    /// `reception_codes` table starts with.
    static var fixedEntries: [(column: Column, code: Int64, name: String)] {
        var entries: [(column: Column, code: Int64, name: String)] = []
        for column in Column.allCases {
            for (code, name) in Self.fixedNames[column, default: []].enumerated() {
                entries.append((column: column, code: Int64(code), name: name))
            }
        }
        return entries
    }

    private var codes: [Column: [String: Int64]]
    private var nextCode: [Column: Int64]

    /// A codebook holding the fixed codes only.
    init() {
        var codes: [Column: [String: Int64]] = [:]
        for entry in Self.fixedEntries { codes[entry.column, default: [:]][entry.name] = entry.code }
        self.codes = codes
        self.nextCode = Dictionary(uniqueKeysWithValues: Column.allCases.map { ($0, Self.firstDynamicCode) })
    }

    /// The code of `name` in `column`, and whether it was assigned just now (and must be stored).
    mutating func code(_ name: String, in column: Column) -> (code: Int64, isNew: Bool) {
        if let code = self.codes[column]?[name] { return (code, false) }
        let code = self.nextCode[column, default: Self.firstDynamicCode]
        self.nextCode[column] = code + 1
        self.codes[column, default: [:]][name] = code
        return (code, true)
    }
}

/// Code → name per column, as read from a trace's `reception_codes` table.
struct ReceptionCodeNames: Sendable {
    private let names: [ReceptionCodebook.Column: [Int64: String]]

    init(_ entries: [(column: String, code: Int64, name: String)]) throws {
        var names: [ReceptionCodebook.Column: [Int64: String]] = [:]
        for entry in entries {
            guard let column = ReceptionCodebook.Column(rawValue: entry.column) else {
                throw ColumnValueError(description: "reception_codes: unknown column '\(entry.column)'")
            }
            names[column, default: [:]][entry.code] = entry.name
        }
        self.names = names
    }

    /// The name of `code` in `column`. - Throws: when the trace's table has no such code.
    func name(_ code: Int64, in column: ReceptionCodebook.Column) throws -> String {
        guard let name = self.names[column]?[code] else {
            throw ColumnValueError(description: "\(column.rawValue): code \(code) is not in reception_codes")
        }
        return name
    }
}
