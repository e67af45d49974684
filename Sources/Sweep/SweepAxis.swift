/// One `--vary FIELD=V1,V2,...` argument: a scenario field and the values it takes in the grid.
public struct SweepAxis: Codable, Hashable, Sendable {
    /// The field path, as `--set` takes it: `security.verify`, `attackers[0].fraction`.
    public var field: String
    /// The values in the order given; each is YAML text, as the value of a `--set`.
    public var values: [String]

    /// Creates an axis.
    public init(field: String, values: [String]) {
        self.field = field
        self.values = values
    }

    /// Parses `FIELD=V1,V2,...`. Commas inside brackets, braces or quotes belong to a value, so
    /// `--vary 'traffic[0].sensor={ range: 80m, fov: 60 },{ range: 150m, fov: 60 }'` has two values.
    ///
    /// - Throws: `SweepError.invalidVary` naming the argument and what is wrong with it.
    public static func parse(_ argument: String) throws(SweepError) -> SweepAxis {
        guard let equals = argument.firstIndex(of: "=") else {
            throw .invalidVary(argument, "expected FIELD=V1,V2,..., e.g. --vary security.verify=none,full")
        }
        let field = String(argument[..<equals]).trimmingSpaces
        guard !field.isEmpty else { throw .invalidVary(argument, "the field path is empty") }
        guard field != "seed" else {
            throw .invalidVary(argument, "vary the seed with --seeds N or --seed-list S1,S2,... instead")
        }
        let values = SweepAxis.splitValues(String(argument[argument.index(after: equals)...]))
        guard !values.isEmpty else { throw .invalidVary(argument, "no values after '='") }
        if let empty = values.firstIndex(where: \.isEmpty) {
            throw .invalidVary(argument, "value \(empty + 1) is empty")
        }
        guard values.count <= SweepLimits.valuesPerAxis else {
            throw .invalidVary(argument, "\(values.count) values; at most \(SweepLimits.valuesPerAxis) per --vary")
        }
        if let duplicate = values.enumerated().first(where: { values[..<$0.offset].contains($0.element) }) {
            throw .invalidVary(argument, "the value '\(duplicate.element)' is given twice")
        }
        return SweepAxis(field: field, values: values)
    }

    /// Splits at commas that are outside brackets, braces and quotes; trims spaces around values.
    static func splitValues(_ text: String) -> [String] {
        var values: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth = max(0, depth - 1)
            } else if character == "," && depth == 0 {
                values.append(current.trimmingSpaces)
                current = ""
                continue
            }
            current.append(character)
        }
        if !current.isEmpty || !values.isEmpty { values.append(current.trimmingSpaces) }
        return values
    }
}

/// Bounds on what a sweep's arguments may ask for, so that a typo cannot make a sweep plan
/// (and `sweep.json`) grow without bound. Listed in docs/sweep.md.
public enum SweepLimits {
    /// Most values of one `--vary`.
    public static let valuesPerAxis = 1000
    /// Most `--vary` arguments.
    public static let axes = 16
    /// Most seeds per grid point.
    public static let seeds = 10000
    /// Most runs in one sweep (grid points × seeds).
    public static let runs = 100_000
    /// Most parallel local runs (`--jobs`).
    public static let jobs = 1024
    /// Tasks per Slurm job array (Slurm's default `MaxArraySize` is 1001: indices 0 … 1000).
    public static let arrayChunk = 1000
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
