/// What checking a trace's seals found (``TraceReader/checkSeals()``).
public struct SealReport: Sendable {
    /// One table's seals.
    public struct TableSummary: Sendable, Equatable {
        public var table: String
        public var rows: Int64
        public var segments: Int
    }

    /// Whether the trace carries seals at all (schema version 5 and later; version 4 traces do not).
    public var sealed: Bool
    /// The tables checked, in check order.
    public var tables: [TableSummary] = []
    /// Everything that does not match, in the order found (at most ``SealReport/maxProblems``).
    public var problems: [SealProblem] = []
    /// Problems found beyond ``maxProblems``, counted but not listed.
    public var problemsNotListed = 0

    /// Stop listing problems after this many.
    public static let maxProblems = 50

    /// Whether every row matches its seal (false for an unsealed trace: nothing was proven).
    public var isValid: Bool { self.sealed && self.problems.isEmpty }

    mutating func add(_ problem: SealProblem) {
        if self.problems.count < Self.maxProblems { self.problems.append(problem) } else { self.problemsNotListed += 1 }
    }
}

/// One mismatch between a table and its seals, located as precisely as the seals allow.
public struct SealProblem: Sendable, Equatable, CustomStringConvertible {
    /// What kind of mismatch.
    public enum Kind: String, Sendable {
        /// A row's bytes differ from what was sealed.
        case rowEdited = "row edited"
        /// A sealed row is gone.
        case rowMissing = "row deleted"
        /// A row is present that no seal covers.
        case rowAdded = "row added"
        /// The seal itself does not hold although each row check does (the seal was edited).
        case sealEdited = "seal edited"
        /// Seals are missing, out of order, or name an unknown table; or the manifest does not match.
        case sealsInconsistent = "seals inconsistent"
    }

    public var kind: Kind
    /// The table concerned (`seals` for the seals themselves).
    public var table: String
    /// The row concerned, when the problem is one row.
    public var rowid: Int64?
    /// Where: the segment, its interval and rowid range.
    public var location: String
    /// Further detail.
    public var detail: String
    /// The columns of an edited row whose cells changed, when the seal can tell (schema version 7 on).
    public var columns: [String] = []

    public init(kind: Kind, table: String, rowid: Int64?, location: String, detail: String, columns: [String] = []) {
        self.kind = kind
        self.table = table
        self.rowid = rowid
        self.location = location
        self.detail = detail
        self.columns = columns
    }

    /// `table T row N: row edited (segment …)`, the text `verify` prints.
    public var description: String {
        let row = (self.rowid.map { " row \($0)" } ?? "") + (self.columns.count == 1 ? " column \(self.columns[0])" : "")
        let detail = self.detail.isEmpty ? "" : ": \(self.detail)"
        return "table \(self.table)\(row): \(self.kind.rawValue) (\(self.location))\(detail)"
    }
}
