public import PAGI

extension ExampleApps {
    /// The diagnostic app: answers every request with its scope as JSON, in the spec's key
    /// names (``Scope/specValue``). HTTP: the response body (after reading the request body);
    /// WebSocket: one text message after accepting, then a close; SSE: one `scope` event,
    /// then `sse.close`. It completes the lifespan, so servers can be checked with it too.
    public static let scope: Application = { scope, receive, send in
        let json = scope.specValue.jsonText
        switch scope {
        case .http:
            _ = try await readBody(from: receive)
            try await send(.httpResponseStart(
                status: .ok,
                headers: ["content-type": "application/json", "content-length": "\(json.utf8.count)"]
            ))
            try await send(.httpResponseBody(json))
        case .websocket(let request):
            guard case .websocketConnect = try await receive() else { return }
            try await send(.websocketAccept(subprotocol: request.subprotocols.first))
            try await send(.websocketSend(text: json))
            try await send(.websocketClose())
        case .sse:
            _ = try await readBody(from: receive)
            try await send(.sseStart(status: .ok))
            try await send(.sseSend(data: json, event: "scope"))
            try await send(.sseClose())
        case .lifespan:
            while true {
                switch try await receive() {
                case .lifespanStartup: try await send(.lifespanStartupComplete)
                case .lifespanShutdown: return try await send(.lifespanShutdownComplete)
                default: continue
                }
            }
        }
    }
}
