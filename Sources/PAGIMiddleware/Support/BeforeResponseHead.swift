import PAGI

/// `send` with `prepare` awaited once, just before the response head goes out (the start of an
/// HTTP response or of an event stream, a refusal response, or a WebSocket's acceptance), and
/// the fields it returns appended to that head. Other events go through untouched.
///
/// A head is the last moment a cookie can be set: middleware that saves state into cookies
/// (sessions, CSRF tokens, a cookie jar) does it here. When the application never sends a
/// head, `prepare` never runs.
func beforeResponseHead(_ send: @escaping Send, _ prepare: @escaping @Sendable () async throws -> Headers) -> Send {
    let pending = Once()
    return { event in
        guard event.isResponseHead, pending.claim() else { return try await send(event) }
        let extra = try await prepare()
        guard !extra.isEmpty else { return try await send(event) }
        if case .websocketAccept(let subprotocol, var headers) = event {
            headers.append(contentsOf: extra)
            return try await send(.websocketAccept(subprotocol: subprotocol, headers: headers))
        }
        try await changingResponseHeads(send) { $0.headers.append(contentsOf: extra) }(event)
    }
}

extension OutboundEvent {
    /// Whether this event carries a response head (see ``beforeResponseHead(_:_:)``).
    var isResponseHead: Bool {
        switch self {
        case .httpResponseStart, .sseStart, .sseHTTPResponseStart, .websocketHTTPResponseStart, .websocketAccept: return true
        default: return false
        }
    }
}
