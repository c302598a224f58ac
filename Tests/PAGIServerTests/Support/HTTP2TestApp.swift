import Foundation
import NIOCore
import PAGI

/// The application the HTTP/2 tests serve, one behaviour per path, and what it saw.
final class HTTP2TestApp: Sendable {
    /// The disconnect reasons `/upload` saw, in order.
    let disconnects = Box<[String]>([])
    /// Called by `/slow` when it starts (a test starts the server's shutdown there).
    let onSlow = Box<(@Sendable () async -> Void)?>(nil)
    /// How many `/slow` requests run now, and the most at once.
    let mostAtOnce = Box<(now: Int, most: Int)>((0, 0))
    /// How many 16 KiB pieces of its 100 `/stream` has sent so far.
    let piecesSent = Box(0)
    /// A file `/file` sends.
    let filePath: String
    let fileContents: String

    init() throws {
        self.fileContents = String((0..<200_000).map { _ in "abcdefghij".randomElement()! })
        self.filePath = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-h2-\(UUID().uuidString).txt").path
        try Data(self.fileContents.utf8).write(to: URL(fileURLWithPath: self.filePath))
    }

    deinit { try? FileManager.default.removeItem(atPath: self.filePath) }

    var app: Application {
        { scope, receive, send in
            guard let request = scope.request else { return }
            if case .sse = scope {
                try await send(.sseStart(ResponseStart(status: .ok)))
                try await send(.sseSend(SSEEvent(data: "one", event: "first")))
                try await send(.sseSend(SSEEvent(data: "two", id: "2")))
                try await send(.sseClose())
                return
            }
            switch request.path {
            case "/scope":
                let report: [String: String] = [
                    "http_version": request.httpVersion.rawValue,
                    "scheme": request.scheme,
                    "host": request.headers[.host] ?? "",
                    "cookie": request.headers[.cookie] ?? "",
                    "path": request.path,
                    "query": request.queryString.text,
                    "hosts": String(request.headers.values(for: .host).count),
                ]
                let json = try String(decoding: JSONSerialization.data(withJSONObject: report, options: .sortedKeys), as: UTF8.self)
                try await Self.respond(send, json)
            case "/upload":
                var received = 0
                while true {
                    switch try await receive() {
                    case .httpRequest(let bytes, let more):
                        received += bytes.readableBytes
                        if !more { return try await Self.respond(send, "received \(received)") }
                    case .httpDisconnect(let reason):
                        self.disconnects.withLock { $0.append(reason?.rawValue ?? "none") }
                        return
                    default:
                        return
                    }
                }
            case "/slow":
                if let onSlow = self.onSlow.withLock({ $0 }) { await onSlow() }
                self.mostAtOnce.withLock { $0 = ($0.now + 1, max($0.most, $0.now + 1)) }
                try await Task.sleep(for: .milliseconds(300))
                self.mostAtOnce.withLock { $0.now -= 1 }
                try await Self.respond(send, "slow")
            case "/trailers":
                try await send(.httpResponseStart(ResponseStart(status: .ok, headers: ["content-type": "text/plain"], trailers: true)))
                try await send(.httpResponseBody(ByteBuffer(string: "body"), more: false))
                try await send(.httpResponseTrailers(["x-checksum": "abc123"]))
            case "/file":
                try await send(.httpResponseStart(ResponseStart(status: .ok, headers: ["content-type": "text/plain"])))
                try await send(.httpResponseFile(.path(self.filePath)))
            case "/stream":
                try await send(.httpResponseStart(ResponseStart(status: .ok, headers: ["content-type": "text/plain"])))
                let piece = ByteBuffer(repeating: UInt8(ascii: "s"), count: 16_384)
                for index in 1...100 {
                    try await send(.httpResponseBody(piece, more: index < 100))
                    self.piecesSent.withLock { $0 = index }
                }
            case "/fail":
                throw TestFailure("the application failed")
            case "/connection-header":
                try await send(.httpResponseStart(ResponseStart(status: .ok, headers: ["connection": "close", "keep-alive": "timeout=5", "x-kept": "yes"])))
                try await send(.httpResponseBody(ByteBuffer(string: "ok")))
            default:
                try await Self.respond(send, "Hello over HTTP/\(request.httpVersion.rawValue)")
            }
        }
    }

    static func respond(_ send: Send, _ text: String) async throws {
        try await send(.httpResponseStart(ResponseStart(status: .ok, headers: ["content-type": "text/plain"])))
        try await send(.httpResponseBody(ByteBuffer(string: text)))
    }
}
