import Foundation

/// A JSON-lines output file with a write buffer, so that a log of many lines costs few system calls.
final class VeReMiFile {
    private let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Opens `path` for writing, creating it, or appending when `append` is set.
    init(path: String, append: Bool = false) throws {
        self.path = path
        if !append {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw VeReMiExportError(path: path, problem: "cannot create the file")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw VeReMiExportError(path: path, problem: "cannot open the file for writing")
        }
        self.handle = handle
        if append {
            do { try handle.seekToEnd() } catch {
                throw VeReMiExportError(path: path, problem: "cannot append: \(error.localizedDescription)")
            }
        }
        self.buffer.reserveCapacity(1 << 16)
    }

    /// Appends `line` and a newline.
    func write(_ line: String) throws {
        self.buffer.append(contentsOf: line.utf8)
        self.buffer.append(UInt8(ascii: "\n"))
        if self.buffer.count >= 1 << 16 { try self.flush() }
    }

    /// Writes what is buffered and closes the file.
    func close() throws {
        try self.flush()
        do { try self.handle.close() } catch {
            throw VeReMiExportError(path: self.path, problem: "cannot close: \(error.localizedDescription)")
        }
    }

    private func flush() throws {
        guard !self.buffer.isEmpty else { return }
        do { try self.handle.write(contentsOf: self.buffer) } catch {
            throw VeReMiExportError(path: self.path, problem: "cannot write: \(error.localizedDescription)")
        }
        self.buffer.removeAll(keepingCapacity: true)
    }
}
