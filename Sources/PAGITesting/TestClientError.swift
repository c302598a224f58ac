public import PAGI

/// What the test client reports when an application does not behave as a test expects.
public enum TestClientError: Error, Sendable, CustomStringConvertible {
    /// The application took longer than the client's timeout.
    case timedOut(String)
    /// The application refused a WebSocket handshake; the response it (or the server rule)
    /// produced: 403 for `websocket.close` before accept, or the denial response.
    case websocketDenied(TestResponse)
    /// The WebSocket is closed; `code` and `reason` are from the side that closed it.
    case websocketClosed(code: WebSocketCloseCode, reason: String)
    /// The application declined an SSE request with an ordinary HTTP response.
    case sseDeclined(TestResponse)
    /// The application answered `lifespan.startup` with `lifespan.startup.failed`.
    case lifespanStartupFailed(message: String)
    /// The application answered `lifespan.shutdown` with `lifespan.shutdown.failed`.
    case lifespanShutdownFailed(message: String)
    /// The test used the client wrongly (sending on a closed WebSocket, ...).
    case misuse(String)

    public var description: String {
        switch self {
        case .timedOut(let what): return "Timed out: \(what)"
        case .websocketDenied(let response): return "The WebSocket handshake was denied with status \(response.status.code)"
        case .websocketClosed(let code, let reason): return "The WebSocket is closed (code \(code), reason \(String(reflecting: reason)))"
        case .sseDeclined(let response): return "The SSE request was declined with status \(response.status.code)"
        case .lifespanStartupFailed(let message): return "Lifespan startup failed: \(message)"
        case .lifespanShutdownFailed(let message): return "Lifespan shutdown failed: \(message)"
        case .misuse(let message): return message
        }
    }
}
