import Foundation

/// The files of the web app (`Visualizer/`) and Chart.js, read once, to be inlined into a page or
/// served.
public struct VisualizerApp: Sendable {
    public var html: String
    public var css: String
    public var javascript: String
    public var chartJS: String

    /// Reads `index.html`, `style.css` and `app.js` from `directory` and Chart.js from `chartJSPath`.
    /// - Throws: an error naming the missing file.
    public init(directory: String, chartJSPath: String) throws {
        func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw VisualizerError(.badRequest, "\(path): cannot read")
            }
            return text
        }
        self.html = try read(directory + "/index.html")
        self.css = try read(directory + "/style.css")
        self.javascript = try read(directory + "/app.js")
        self.chartJS = try read(chartJSPath)
    }
}

/// Builds the Visualizer's self-contained page: one HTML file holding the app, Chart.js and the data
/// (the overview and one window over the exported span), that opens from `file://` with no network.
///
/// The data is the same JSON that `v2vsim visualize --serve` answers (docs/visualizer.md), wrapped as
/// `window.V2V_DATA = {format: "v2vsim-page", overview, windows, start, focus}`.
public enum VisualizerExport {
    /// Version of the page wrapper's layout.
    public static let pageVersion = 1

    /// The page for `index` over [from, to] seconds (default: the whole trace).
    /// - Parameters:
    ///   - start: the time the player opens at (default: `from`).
    ///   - focus: vehicles to select at the start (an incident's).
    /// - Throws: ``VisualizerError`` `.tooLarge` when the span holds more than a page's limits, with
    ///   the span that would fit; `.badRequest` for a bad span.
    public static func page(
        index: VisualizerIndex, app: VisualizerApp, from: Double? = nil, to: Double? = nil,
        start: Double? = nil, focus: [UInt32] = []
    ) throws(VisualizerError) -> String {
        let from = from ?? index.start.seconds, to = to ?? index.end.seconds
        let counts = index.windowCounts(from: from, to: to)
        let limits = index.limits
        let over = [
            (counts.fcd, limits.pageFCDSamples, "FCD samples"), (counts.messages, limits.pageMessages, "messages"),
            (counts.receptions, limits.pageReceptions, "receptions"),
        ].filter { $0.0 > $0.1 }
        if let worst = over.max(by: { Double($0.0) / Double($0.1) < Double($1.0) / Double($1.1) }) {
            let fits = max(1, ((to - from) * Double(worst.1) / Double(worst.0)).rounded(.down))
            throw VisualizerError(.tooLarge, """
                \(String(format: "%.1f", from))–\(String(format: "%.1f", to)) s holds \(worst.0) \(worst.2), more than the \(worst.1) \
                a self-contained page holds; pass --from/--to for a span of at most about \(Int(fits)) s, \
                or use --serve to play the whole trace
                """)
        }
        let window = try index.windowJSON(from: from, to: to, maxReceptions: limits.pageReceptions, maxSeconds: .infinity)
        let focusText = "[" + focus.map(String.init).joined(separator: ",") + "]"
        let data = "{\"format\":\"v2vsim-page\",\"version\":\(Self.pageVersion),\"start\":\(start ?? from),\"focus\":\(focusText),\n"
            + "\"overview\":" + index.overviewJSON + ",\n\"windows\":[" + window + "]}"
        return Self.inline(app: app, data: data)
    }

    /// The page for a window directory (``VisualizerWindowDirectory``): its overview and all its windows.
    public static func page(directory: VisualizerWindowDirectory, app: VisualizerApp) -> String {
        let focusText = "[" + directory.focus.map(String.init).joined(separator: ",") + "]"
        let data = "{\"format\":\"v2vsim-page\",\"version\":\(Self.pageVersion),\"start\":\(directory.start),\"focus\":\(focusText),\n"
            + "\"overview\":" + directory.overview + ",\n\"windows\":[" + directory.windows.joined(separator: ",") + "]}"
        return Self.inline(app: app, data: data)
    }

    /// `app`'s index.html with its stylesheet, Chart.js, data and app scripts inlined in place of the
    /// tags that load them.
    public static func inline(app: VisualizerApp, data: String) -> String {
        // A script element ends at the first "</script", wherever it is; JSON strings already escape
        // "<", and "<\/" means "</" inside JavaScript strings and regular expressions.
        func script(_ text: String) -> String {
            "<script>" + text.replacingOccurrences(of: "</script", with: "<\\/script") + "</script>"
        }
        return app.html
            .replacingOccurrences(of: "<link rel=\"stylesheet\" href=\"style.css\">", with: "<style>" + app.css + "</style>")
            .replacingOccurrences(of: "<script src=\"chart.min.js\"></script>", with: script(app.chartJS))
            .replacingOccurrences(of: "<script src=\"data.js\"></script>", with: script("window.V2V_DATA = " + data + ";"))
            .replacingOccurrences(of: "<script src=\"app.js\"></script>", with: script(app.javascript))
    }
}
