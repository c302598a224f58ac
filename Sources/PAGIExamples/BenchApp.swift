public import PAGI

extension ExampleApps {
    /// The benchmark endpoints, the same on every server that `Benchmarks/` measures:
    ///
    /// - `GET /plaintext`: "Hello, World!" as plain text;
    /// - `GET /json`: `{"message":"Hello, World!"}`, encoded per request;
    /// - `POST /echo`: the request body back, with its length;
    /// - `GET /stream`: 1 MiB streamed as 16 chunks of 64 KiB;
    /// - `GET /sse?count=N` (an SSE request): N events (1000 by default) as fast as the client
    ///   reads them, then `sse.close`;
    /// - `/ws` (WebSocket): every message echoed back.
    ///
    /// Anything else answers 404 (a WebSocket handshake elsewhere: 403).
    public static let bench: Application = { scope, receive, send in
        switch scope {
        case .http(let request):
            try await benchHTTP(request, receive, send)
        case .sse(let request) where request.path == "/sse":
            try await benchSSE(count: eventCount(in: request.queryString), send)
        case .websocket(let request) where request.path == "/ws":
            try await benchWebSocket(receive, send)
        case .sse:
            try await send(.sseHTTPResponseStart(ResponseStart(status: .notFound, headers: ["content-type": "text/plain; charset=utf-8"])))
            try await send(.sseHTTPResponseBody(ByteBuffer(string: "Not Found")))
        case .websocket:
            try await send(.websocketClose())  // Before accepting: the handshake is refused.
        case .lifespan:
            throw PAGIError.unsupportedScope(scope.type)
        }
    }

    /// `count=N` from the query string, or 1000.
    private static func eventCount(in query: ByteString) -> Int {
        for pair in query.text.split(separator: "&") where pair.hasPrefix("count=") {
            if let count = Int(pair.dropFirst(6)), count >= 0 { return count }
        }
        return 1000
    }

    private static let streamChunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)

    private static func benchHTTP(_ request: RequestScope, _ receive: Receive, _ send: Send) async throws {
        switch (request.method, request.path) {
        case (.get, "/plaintext"):
            try await sendPlain(.ok, "Hello, World!", send)
        case (.get, "/json"):
            let body = PAGIValue.object(["message": "Hello, World!"]).jsonText
            try await send(.httpResponseStart(
                status: .ok,
                headers: ["content-type": "application/json", "content-length": ByteString(String(body.utf8.count))]
            ))
            try await send(.httpResponseBody(body))
        case (.post, "/echo"):
            let body = try await readBody(from: receive)
            try await send(.httpResponseStart(
                status: .ok,
                headers: [
                    "content-type": "application/octet-stream",
                    "content-length": ByteString(String(body.readableBytes)),
                ]
            ))
            try await send(.httpResponseBody(body))
        case (.get, "/stream"):
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "application/octet-stream"]))
            for index in 1...16 {
                try await send(.httpResponseBody(streamChunk, more: index < 16))
            }
        default:
            try await sendPlain(.notFound, "Not Found", send)
        }
    }

    private static func benchSSE(count: Int, _ send: Send) async throws {
        try await send(.sseStart(status: .ok))
        for index in 0..<max(count, 0) {
            try await send(.sseSend(data: "tick \(index)"))
        }
        try await send(.sseClose(reason: "done"))
    }

    private static func benchWebSocket(_ receive: Receive, _ send: Send) async throws {
        guard case .websocketConnect = try await receive() else { return }
        try await send(.websocketAccept())
        while case .websocketReceive(let message) = try await receive() {
            try await send(.websocketSend(message))
        }
    }

    private static func sendPlain(_ status: HTTPResponse.Status, _ text: String, _ send: Send) async throws {
        try await send(.httpResponseStart(
            status: status,
            headers: ["content-type": "text/plain; charset=utf-8", "content-length": ByteString(String(text.utf8.count))]
        ))
        try await send(.httpResponseBody(text))
    }
}
