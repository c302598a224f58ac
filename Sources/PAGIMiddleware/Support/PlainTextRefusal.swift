import HTTPTypes
import NIOCore
import PAGI

/// Answers a request scope on the middleware's own, with `status` and a short text body (the
/// 401 of an authenticator, the 403 of CSRF, the 429 of a rate limit): an HTTP response for
/// `http`, the refusal response for `sse`, and for `websocket` the denial response when the
/// server offers it, otherwise a close before the handshake (code 1008, policy violation).
func refuse(_ scope: Scope, status: HTTPResponse.Status, text: String, headers: Headers = [:], send: Send) async throws {
    var start = ResponseStart(status: status, headers: ["content-type": "text/plain; charset=utf-8"])
    start.headers.append(contentsOf: headers)
    let body = ByteBuffer(string: text)
    switch scope {
    case .http, .lifespan:
        try await send(.httpResponseStart(start))
        try await send(.httpResponseBody(body))
    case .sse:
        try await send(.sseHTTPResponseStart(start))
        try await send(.sseHTTPResponseBody(body))
    case .websocket(let request) where request.extensions.websocketHTTPResponse:
        try await send(.websocketHTTPResponseStart(start))
        try await send(.websocketHTTPResponseBody(body))
    case .websocket:
        try await send(.websocketClose(code: .policyViolation, reason: String(text.utf8.prefix(123)) ?? ""))
    }
}
