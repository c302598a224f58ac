import Foundation
import HTTPTypes
import NIOCore
import PAGI
import PAGITesting
import Synchronization

/// Applications and helpers for the tests of the HTTP plumbing middleware.
enum Plumbing {
    /// Answers every request (every scope: an SSE stream and a WebSocket too) with `status`,
    /// `headers` and the body in `pieces` (`more: true` on all but the last), then `trailers`
    /// when given.
    static func respond(
        status: HTTPResponse.Status = .ok,
        headers: Headers = ["content-type": "text/plain"],
        pieces: [String] = ["hello"],
        trailers: Headers? = nil
    ) -> Application {
        { scope, _, send in
            switch scope {
            case .http:
                try await send(.httpResponseStart(ResponseStart(status: status, headers: headers, trailers: trailers != nil)))
                if pieces.isEmpty { try await send(.httpResponseBody(ByteBuffer())) }
                for (index, piece) in pieces.enumerated() {
                    try await send(.httpResponseBody(ByteBuffer(string: piece), more: index < pieces.count - 1))
                }
                if let trailers { try await send(.httpResponseTrailers(trailers)) }
            case .sse:
                try await send(.sseStart(status: .ok, headers: headers))
                try await send(.sseSend(data: pieces.joined()))
                try await send(.sseClose())
            case .websocket:
                try await send(.websocketAccept(headers: [:]))
                try await send(.websocketSend(text: pieces.joined()))
                try await send(.websocketClose())
            case .lifespan:
                throw PAGIError.unsupportedScope(scope.type)
            }
        }
    }

    /// Keeps the request scopes an application saw.
    final class Seen: Sendable {
        private let scopes = Mutex<[RequestScope]>([])

        var last: RequestScope? { self.scopes.withLock { $0.last } }

        /// `app`, recording each request scope first.
        func recording(_ app: @escaping Application) -> Application {
            { scope, receive, send in
                if let request = scope.request { self.scopes.withLock { $0.append(request) } }
                try await app(scope, receive, send)
            }
        }
    }

    /// Reads the whole request body and answers with `<method> <path> <body>`.
    static let echo: Application = { scope, receive, send in
        let request = scope.request!
        let body = try await readBody(from: receive)
        try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
        try await send(.httpResponseBody("\(request.method.rawValue) \(request.path) \(String(buffer: body))"))
    }

    /// The body events of a response: their sizes and `more` flags (files as `-1`).
    static func bodyEvents(_ response: TestResponse) -> [(bytes: Int, more: Bool)] {
        response.events.compactMap { event in
            switch event {
            case .httpResponseBody(let bytes, let more): return (bytes.readableBytes, more)
            case .httpResponseFile: return (-1, false)
            default: return nil
            }
        }
    }

    /// The response starts among the events.
    static func starts(_ response: TestResponse) -> [ResponseStart] {
        response.events.compactMap { if case .httpResponseStart(let start) = $0 { start } else { nil } }
    }

    /// A new temporary file holding `text` (the test removes it).
    static func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plumbing-\(UUID().uuidString).txt").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A client with `configure` applied.
    static func client(_ app: @escaping Application, _ configure: (inout TestClient.Configuration) -> Void = { _ in }) -> TestClient {
        TestClient(app: app, configure: configure)
    }
}
