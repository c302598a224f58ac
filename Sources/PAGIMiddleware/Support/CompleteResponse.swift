import NIOCore
import PAGI

/// A whole response, head and body, that a middleware answers with instead of the
/// application: a maintenance page, an error page, a health report, a 504.
struct CompleteResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: Headers
    var body: ByteBuffer

    /// `body` with `status`, `content-type` `contentType` and a `content-length`, then `headers`.
    init(_ status: HTTPResponse.Status, contentType: String = "text/plain; charset=utf-8", body: String, headers: Headers = [:]) {
        self.status = status
        self.body = ByteBuffer(string: body)
        self.headers = ["content-type": ByteString(contentType), "content-length": "\(self.body.readableBytes)"]
        self.headers.append(contentsOf: headers)
    }

    /// Sends the response as the answer to `scope`: `http.response.*` for an HTTP request;
    /// `sse.http.response.*` to decline an event stream; `websocket.http.response.*` to deny a
    /// WebSocket handshake where the server offers that extension, else `websocket.close`
    /// (the client then gets the server's 403, without this body; with `closeCode`, that code
    /// and the body's start as the reason). Sends nothing for lifespan.
    func send(answering scope: Scope, through send: Send, closeCode: WebSocketCloseCode? = nil) async throws {
        let start = ResponseStart(status: self.status, headers: self.headers)
        switch scope {
        case .http:
            try await send(.httpResponseStart(start))
            try await send(.httpResponseBody(self.body))
        case .sse:
            try await send(.sseHTTPResponseStart(start))
            try await send(.sseHTTPResponseBody(self.body))
        case .websocket(let request) where request.extensions.websocketHTTPResponse:
            try await send(.websocketHTTPResponseStart(start))
            try await send(.websocketHTTPResponseBody(self.body))
        case .websocket:
            if let closeCode {
                // A close reason is at most 123 bytes.
                try await send(.websocketClose(code: closeCode, reason: String(String(buffer: self.body).utf8.prefix(123)) ?? ""))
            } else {
                try await send(.websocketClose())
            }
        case .lifespan:
            break
        }
    }
}
