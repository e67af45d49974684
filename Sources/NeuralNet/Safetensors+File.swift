import Foundation

extension Safetensors {
    /// The bytes of the weights file at `path`, read with a bound.
    ///
    /// At most one byte more than a weights file may have is read, so a huge file (or a device
    /// that never ends, such as `/dev/zero`) costs no more than that.
    /// - Throws: `WeightsFileError` when the file cannot be read or is too large.
    public static func readFile(path: String) throws(WeightsFileError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WeightsFileError(path: path, problem: "cannot read the file")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: Self.maximumFileBytes + 1) ?? Data() } catch {
            throw WeightsFileError(path: path, problem: "cannot read the file")
        }
        guard data.count <= Self.maximumFileBytes else {
            throw WeightsFileError(
                path: path, problem: "larger than the \(Self.maximumFileBytes >> 20) MiB a weights file may have")
        }
        return [UInt8](data)
    }
}
