import Foundation

enum FileManagerListing {
    /// The sorted names of the entries in `directory`.
    static func names(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }
}
