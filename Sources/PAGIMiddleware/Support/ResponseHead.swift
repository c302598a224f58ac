public import PAGI

/// `send` with every response head the application sends passed through `change` first: the
/// start of an HTTP response, of an event stream, and the HTTP responses that refuse a
/// WebSocket or SSE request. Other events go through untouched.
///
/// Middleware that adds or changes header fields (security headers, a request id, timing)
/// wraps `send` with it.
public func changingResponseHeads(_ send: @escaping Send, _ change: @escaping @Sendable (inout ResponseStart) -> Void) -> Send {
    { event in
        switch event {
        case .httpResponseStart(var start):
            change(&start)
            try await send(.httpResponseStart(start))
        case .sseStart(var start):
            change(&start)
            try await send(.sseStart(start))
        case .sseHTTPResponseStart(var start):
            change(&start)
            try await send(.sseHTTPResponseStart(start))
        case .websocketHTTPResponseStart(var start):
            change(&start)
            try await send(.websocketHTTPResponseStart(start))
        default:
            try await send(event)
        }
    }
}
