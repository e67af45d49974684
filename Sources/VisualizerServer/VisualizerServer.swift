import FlyingFox
import FlyingSocks
import Foundation
import Trace

/// What `v2vsim visualize --serve` serves: a trace, cut into windows on demand, or a window directory
/// written earlier (``VisualizerWindowDirectory``).
public enum VisualizerContent: Sendable {
    case trace(VisualizerIndex)
    case directory(VisualizerWindowDirectory)
}

/// The Visualizer's HTTP server (FlyingFox), bound to 127.0.0.1 only. Routes (docs/visualizer.md):
/// `GET /` the app; `GET /api/session`, `/api/overview`, `/api/window?from=S&to=S` JSON. Every
/// request is answered: a bad one with a 4xx and `{"error": "..."}`, never a crash.
public struct VisualizerServer: Sendable {
    /// Longest request target (path and query) accepted, in bytes.
    public static let maxTargetLength = 2_048
    /// Receptions a window answer holds at most; beyond, they are sampled (docs/visualizer.md).
    public static let windowReceptionBudget = 300_000

    let content: VisualizerContent
    let app: VisualizerApp
    let directoryWindows: [(from: Double, to: Double)]

    public init(content: VisualizerContent, app: VisualizerApp) {
        self.content = content
        self.app = app
        if case let .directory(directory) = content {
            self.directoryWindows = directory.windows.map(Self.span(ofWindow:))
        } else {
            self.directoryWindows = []
        }
    }

    /// Serves until the task is cancelled; calls `ready` with the bound port once listening.
    public func run(port: UInt16, ready: @escaping @Sendable (UInt16) -> Void) async throws {
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        let quiet: some Logging = .disabled
        let server = HTTPServer(config: .init(address: address, timeout: 30, logger: quiet),
                                handler: Handler(server: self))
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        let listening = await server.listeningAddress
        if case let .ip4(_, port: bound)? = listening { ready(bound) } else { ready(port) }
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// The answer to one request; pure, so that tests can call it without a socket.
    public func respond(method: String, path: String, query: [(String, String)]) -> (status: Int, type: String, body: Data) {
        guard method == "GET" || method == "HEAD" else {
            return Self.error(405, "only GET is supported, not \(method)")
        }
        switch path {
        case "/", "/index.html": return (200, "text/html; charset=utf-8", Data(self.app.html.utf8))
        case "/style.css": return (200, "text/css; charset=utf-8", Data(self.app.css.utf8))
        case "/app.js": return (200, "text/javascript; charset=utf-8", Data(self.app.javascript.utf8))
        case "/chart.min.js": return (200, "text/javascript; charset=utf-8", Data(self.app.chartJS.utf8))
        case "/data.js": return (200, "text/javascript; charset=utf-8", Data("window.V2V_DATA = null; // served: the app asks /api/\n".utf8))
        case "/api/session": return Self.json(self.session())
        case "/api/overview":
            switch self.content {
            case let .trace(index): return Self.json(index.overviewJSON)
            case let .directory(directory): return Self.json(directory.overview)
            }
        case "/api/window": return self.window(query: query)
        default: return Self.error(404, "no such path: \(path); see docs/visualizer.md for the endpoints")
        }
    }

    private func session() -> String {
        switch self.content {
        case let .trace(index):
            // Windows of 10 s, shorter when that would carry more than ~200k FCD samples.
            let duration = max(1e-9, index.end.seconds - index.start.seconds)
            let perSecond = Double(index.counts.fcd) / duration
            let seconds = max(2, min(10, (200_000 / max(1, perSecond)).rounded(.down)))
            return "{\"mode\":\"trace\",\"start\":\(index.start.seconds),\"end\":\(index.end.seconds),\"focus\":[],\"window_seconds\":\(seconds)}"
        case let .directory(directory):
            let spans = self.directoryWindows.map { "[\($0.from),\($0.to)]" }.joined(separator: ",")
            return "{\"mode\":\"directory\",\"start\":\(directory.start),\"focus\":[\(directory.focus.map(String.init).joined(separator: ","))],\"windows\":[\(spans)]}"
        }
    }

    private func window(query: [(String, String)]) -> (status: Int, type: String, body: Data) {
        func number(_ name: String) -> Double?? {
            guard let text = query.last(where: { $0.0 == name })?.1 else { return .some(nil) }
            guard let value = Double(text), value.isFinite else { return nil }
            return .some(value)
        }
        guard let fromValue = number("from"), let toValue = number("to") else {
            return Self.error(400, "from and to must be numbers of seconds, e.g. /api/window?from=10&to=20")
        }
        guard let from = fromValue, let to = toValue else {
            return Self.error(400, "missing from or to, e.g. /api/window?from=10&to=20")
        }
        var vehicle: UInt32?
        if let text = query.last(where: { $0.0 == "vehicle" })?.1 {
            guard let id = UInt32(text) else { return Self.error(400, "vehicle must be a vehicle id (an unsigned integer), not \(text)") }
            vehicle = id
        }
        switch self.content {
        case let .trace(index):
            do {
                return Self.json(try index.windowJSON(
                    from: from, to: to, receptionBudget: Self.windowReceptionBudget, vehicle: vehicle))
            } catch {
                return Self.error(error.kind == .tooLarge ? 413 : 400, error.message)
            }
        case let .directory(directory):
            // A directory holds fixed windows: the one that contains `from`.
            guard let i = self.directoryWindows.firstIndex(where: { $0.from <= from && from <= $0.to }) else {
                return Self.error(404, "no window of this directory contains t = \(from) s")
            }
            return Self.json(directory.windows[i])
        }
    }

    static func json(_ text: String) -> (status: Int, type: String, body: Data) {
        (200, "application/json", Data(text.utf8))
    }

    static func error(_ status: Int, _ message: String) -> (status: Int, type: String, body: Data) {
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return (status, "application/json", Data("{\"error\":\"\(escaped)\"}\n".utf8))
    }

    /// The [from, to] a window's text starts with (written by ``VisualizerIndex/windowJSON``).
    static func span(ofWindow text: String) -> (from: Double, to: Double) {
        let head = String(text.prefix(200))
        func value(_ key: String) -> Double {
            guard let range = head.range(of: "\"\(key)\":") else { return .nan }
            let rest = head[range.upperBound...].prefix { "0123456789.-".contains($0) }
            return Double(rest) ?? .nan
        }
        return (value("from"), value("to"))
    }
}

/// FlyingFox's entry point: checks the request's size, then asks ``VisualizerServer/respond``.
private struct Handler: HTTPHandler {
    let server: VisualizerServer

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.path + request.query.map { "\($0.name)=\($0.value)" }.joined()
        let answer: (status: Int, type: String, body: Data)
        if target.utf8.count > VisualizerServer.maxTargetLength {
            answer = VisualizerServer.error(414, "request target longer than \(VisualizerServer.maxTargetLength) bytes")
        } else {
            answer = self.server.respond(method: request.method.rawValue, path: request.path,
                                         query: request.query.map { ($0.name, $0.value) })
        }
        var headers: HTTPHeaders = [:]
        headers[.contentType] = answer.type
        headers[HTTPHeader("Cache-Control")] = "no-store"
        return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: Self.phrase(answer.status)),
                            headers: headers, body: request.method == .HEAD ? Data() : answer.body)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        default: return "Error"
        }
    }
}
