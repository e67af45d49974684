import Foundation

/// A fresh, uniquely named directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init(_ label: String = #function) {
        let name = "v2vsim-trace-tests-\(UUID().uuidString)"
        self.path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        try! FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true)
    }

    /// `path` + `/` + `name`.
    func file(_ name: String) -> String { self.path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: self.path) }
}

func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

func readText(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
