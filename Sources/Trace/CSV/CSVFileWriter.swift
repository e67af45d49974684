import Foundation

/// Writes one CSV file through a buffer into `<path>.partial` and renames it to `path` when complete.
///
/// Records end in `\n`. A field is quoted (RFC 4180: enclosed in `"`, inner `"` doubled) only when it holds
/// a comma, a double quote, CR or LF.
final class CSVFileWriter {
    /// The final file path.
    let path: String
    private let partialPath: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 20

    /// The field separator (ASCII): "," everywhere except where a consumer expects another.
    private let separator: UInt8

    /// Creates (or truncates) `<path>.partial` and writes the header record.
    init(path: String, header: [String], separator: UInt8 = UInt8(ascii: ",")) throws(TraceError) {
        self.path = path
        self.separator = separator
        self.partialPath = path + ".partial"
        guard FileManager.default.createFile(atPath: self.partialPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: self.partialPath)
        else {
            throw TraceError(path: self.partialPath, problem: .fileSystem("cannot create file"))
        }
        self.handle = handle
        self.buffer.reserveCapacity(Self.flushThreshold + 4096)
        try self.write(header)
    }

    /// Appends one record.
    func write(_ fields: [String]) throws(TraceError) {
        for (index, field) in fields.enumerated() {
            if index > 0 { self.buffer.append(self.separator) }
            Self.append(field, to: &self.buffer, separator: self.separator)
        }
        self.buffer.append(UInt8(ascii: "\n"))
        if self.buffer.count >= Self.flushThreshold {
            try self.flush()
        }
    }

    /// Flushes, closes and renames the file to ``path``.
    func finish() throws(TraceError) {
        try self.flush()
        do {
            try self.handle.close()
        } catch {
            let reason = "cannot close: \(error.localizedDescription)"
            throw TraceError(path: self.partialPath, problem: .fileSystem(reason))
        }
        try FileOperations.replace(self.path, with: self.partialPath)
    }

    /// Closes and deletes the partial file after a failure.
    func discard() {
        try? self.handle.close()
        try? FileOperations.removeIfPresent(self.partialPath)
    }

    private func flush() throws(TraceError) {
        guard !self.buffer.isEmpty else { return }
        do {
            try self.handle.write(contentsOf: self.buffer)
        } catch {
            let reason = "cannot write: \(error.localizedDescription)"
            throw TraceError(path: self.partialPath, problem: .fileSystem(reason))
        }
        self.buffer.removeAll(keepingCapacity: true)
    }

    /// Whether a field holding `byte` must be quoted: comma, double quote, LF or CR.
    private static func needsQuoting(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"): return true
        default: return false
        }
    }

    /// Appends `field`, quoted only when RFC 4180 requires it.
    static func append(_ field: String, to buffer: inout [UInt8], separator: UInt8 = UInt8(ascii: ",")) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { Self.needsQuoting($0) || $0 == separator }
        guard needsQuotes else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
