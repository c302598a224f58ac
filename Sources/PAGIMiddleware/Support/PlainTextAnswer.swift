import PAGI

/// A short plain-text HTTP answer given by a middleware in place of the application, in
/// whatever request scope it is: an ordinary response (`http`), a decline (`sse`), or a
/// denial (`websocket`, when the server offers the `websocket.http.response` extension;
/// without it the handshake is refused with `websocket.close`, which servers answer with 403).
enum PlainTextAnswer {
    static func send(
        _ status: HTTPResponse.Status,
        _ text: String,
        headers extra: Headers = [:],
        in scope: Scope,
        to send: Send
    ) async throws {
        var headers: Headers = ["content-type": "text/plain; charset=utf-8", "content-length": ByteString(String(text.utf8.count))]
        headers.append(contentsOf: extra)
        let start = ResponseStart(status: status, headers: headers)
        let body = ByteBuffer(string: text)
        switch scope {
        case .http:
            try await send(.httpResponseStart(start))
            try await send(.httpResponseBody(body))
        case .sse:
            try await send(.sseHTTPResponseStart(start))
            try await send(.sseHTTPResponseBody(body))
        case .websocket(let request):
            if request.extensions.websocketHTTPResponse {
                try await send(.websocketHTTPResponseStart(start))
                try await send(.websocketHTTPResponseBody(body))
            } else {
                try await send(.websocketClose())
            }
        case .lifespan:
            break
        }
    }
}
