/// What a whole-trace comparison must leave out because it depends on the program that wrote the trace,
/// not on what the run did.
///
/// A re-run by a newer build writes its own program version into `meta` and its own checkpoint format
/// into `checkpoints`; the bytes of those (and so the seals over them, and the manifest over all seals)
/// cannot agree with an older recording's whatever the run did. Comparing them would report every
/// older trace as edited. Everything else is still compared row for row.
public struct ComparisonScope: Sendable {
    /// The recording's and the re-run's `meta.program_version`, when they differ.
    public var programVersions: (recorded: String, replayed: String)?
    /// The recording's and the re-run's checkpoint formats, when they differ.
    public var checkpointFormats: (recorded: [Int], replayed: [Int])?

    /// Whether everything is compared.
    public var isComplete: Bool { self.programVersions == nil && self.checkpointFormats == nil }

    /// The scope of comparing `recorded` with `replayed`.
    /// - Throws: ``TraceError`` when either trace cannot be read.
    public init(recorded: TraceReader, replayed: TraceReader) throws {
        let versions = (recorded.meta[TraceSchema.MetaKey.programVersion] ?? "unknown",
                        replayed.meta[TraceSchema.MetaKey.programVersion] ?? "unknown")
        self.programVersions = versions.0 == versions.1 ? nil : versions
        if recorded.hasCheckpoints && replayed.hasCheckpoints {
            let formats = (Array(Set(try recorded.checkpointFormatVersions())).sorted(),
                           Array(Set(try replayed.checkpointFormatVersions())).sorted())
            self.checkpointFormats = formats.0 == formats.1 || formats.0.isEmpty || formats.1.isEmpty ? nil : formats
        }
    }

    /// `meta` keys left out: the program version, when it differs (it is reported, not compared).
    var uncomparedMetaKeys: Set<String> { self.programVersions == nil ? [] : [TraceSchema.MetaKey.programVersion] }

    /// Whether the `checkpoints` table is left out.
    var skipsCheckpoints: Bool { self.checkpointFormats != nil }

    /// The `seals.table_name` values whose rows are left out: the seals over what is left out, and the
    /// manifest over all seals.
    var uncomparedSealTables: [String] {
        var names: [String] = []
        if self.programVersions != nil { names.append(TraceSchema.meta.name) }
        if self.checkpointFormats != nil { names.append(TraceSchema.checkpoints.name) }
        if !names.isEmpty { names.append(TraceSealer.manifestTable) }
        return names
    }

    /// One line per part left out, saying why (empty when everything is compared).
    public var notes: [String] {
        var lines: [String] = []
        if let v = self.programVersions {
            lines.append("not compared: meta.program_version (recorded by v2vsim \(v.recorded), re-run by \(v.replayed)) "
                + "and the seals over meta, which include it")
        }
        if let f = self.checkpointFormats {
            let recorded = f.recorded.map(String.init).joined(separator: ", ")
            let replayed = f.replayed.map(String.init).joined(separator: ", ")
            lines.append("not compared: checkpoints (the recording stores them in format \(recorded), this build writes "
                + "format \(replayed): their bytes cannot agree) and the seals over them")
        }
        if !lines.isEmpty { lines.append("not compared: the manifest seal, which covers every table's seals") }
        return lines
    }
}
