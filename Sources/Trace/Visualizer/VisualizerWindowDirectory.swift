import Foundation

/// A directory of Visualizer windows: what `v2vsim replay ... --out DIR` writes so that the app opens
/// an investigation at its incident (`v2vsim visualize DIR --out view.html` or `--serve`).
///
/// Layout (docs/visualizer.md, "Window directories"):
/// - `manifest.json`: `{"format":"v2vsim-windows","version":1,"start":S,"focus":[ids],"windows":["window-0000.json",…]}`
/// - `overview.json`: the overview JSON, as `GET /api/overview` answers it;
/// - `window-NNNN.json`: window JSON, as `GET /api/window?from=&to=` answers it, in time order.
public struct VisualizerWindowDirectory: Sendable {
    /// Seconds the player opens at.
    public var start: Double
    /// Vehicles selected at the start.
    public var focus: [UInt32]
    /// Text of overview.json.
    public var overview: String
    /// Texts of the window files, in manifest order.
    public var windows: [String]

    /// Longest window written to one file [s].
    public static let windowSeconds = 10.0

    /// Writes [from, to] of `index` into `path` as window files of at most 10 s each.
    /// - Throws: ``VisualizerError`` when a window is too large, or a file-system error.
    public static func write(
        index: VisualizerIndex, from: Double, to: Double, start: Double, focus: [UInt32], into path: String
    ) throws {
        try index.checkWindow(from: from, to: to, maxSeconds: 3_600)
        let fm = FileManager.default
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        var names: [String] = []
        var t = from
        repeat {
            let end = min(to, t + Self.windowSeconds)
            let name = String(format: "window-%04d.json", names.count)
            try Data(try index.windowJSON(from: t, to: end).utf8).write(to: URL(fileURLWithPath: path + "/" + name), options: .atomic)
            names.append(name)
            t = end
        } while t < to
        try Data(index.overviewJSON.utf8).write(to: URL(fileURLWithPath: path + "/overview.json"), options: .atomic)
        var manifest = JSONText()
        manifest.raw("{"); manifest.key("format"); manifest.string("v2vsim-windows")
        manifest.raw(","); manifest.key("version"); manifest.int(1)
        manifest.raw(","); manifest.key("start"); manifest.fixed(start, 3)
        manifest.raw(","); manifest.key("focus"); manifest.ints(focus)
        manifest.raw(","); manifest.key("windows"); manifest.strings(names)
        manifest.raw("}\n")
        // The manifest last: a directory without one is not a window directory.
        try Data(manifest.text.utf8).write(to: URL(fileURLWithPath: path + "/manifest.json"), options: .atomic)
    }

    /// Reads the window directory at `path`.
    /// - Throws: ``VisualizerError`` naming the file and what is wrong with it.
    public init(path: String, limits: VisualizerLimits = .standard) throws {
        func read(_ name: String) throws -> String {
            let file = path + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                  let size = attributes[.size] as? Int else {
                throw VisualizerError(.badRequest, "\(file): cannot read")
            }
            guard size <= 256 << 20 else { throw VisualizerError(.tooLarge, "\(file): \(size) bytes, more than 256 MiB") }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw VisualizerError(.badRequest, "\(file): cannot read")
            }
            return text
        }
        let manifestText = try read("manifest.json")
        guard let manifest = try? JSONSerialization.jsonObject(with: Data(manifestText.utf8)) as? [String: Any] else {
            throw VisualizerError(.badRequest, "\(path)/manifest.json: not a JSON object")
        }
        guard manifest["format"] as? String == "v2vsim-windows" else {
            throw VisualizerError(.badRequest, "\(path)/manifest.json: format must be \"v2vsim-windows\"")
        }
        guard manifest["version"] as? Int == 1 else {
            throw VisualizerError(.badRequest, "\(path)/manifest.json: version \(manifest["version"] ?? "none") is not 1")
        }
        guard let names = manifest["windows"] as? [String], !names.isEmpty, names.count <= 10_000 else {
            throw VisualizerError(.badRequest, "\(path)/manifest.json: windows must list 1 to 10000 file names")
        }
        for name in names where name.contains("/") || name.hasPrefix(".") || !name.hasSuffix(".json") {
            throw VisualizerError(.badRequest, "\(path)/manifest.json: window file name \(name) must be a plain .json name in the directory")
        }
        self.start = (manifest["start"] as? Double) ?? (manifest["start"] as? Int).map(Double.init) ?? 0
        self.focus = ((manifest["focus"] as? [Int]) ?? []).compactMap { UInt32(exactly: $0) }
        self.overview = try read("overview.json")
        self.windows = try names.map(read)
    }
}
