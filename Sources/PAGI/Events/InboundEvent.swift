public import NIOCore

/// An event from the server to the application: what `receive()` returns.
public enum InboundEvent: Sendable {
    /// `http.request`: a piece of the request body (de-chunked); `more` is `true` while more
    /// pieces follow. A request without a body yields one empty piece with `more == false`.
    case httpRequest(ByteBuffer, more: Bool)
    /// `http.disconnect`: the response was sent, or the client left. `reason` is `nil` after
    /// a completed response and names the cause after an abnormal end.
    case httpDisconnect(reason: DisconnectReason?)
    /// `websocket.connect`: a client asks to open a WebSocket; answer with `websocket.accept`,
    /// `websocket.close` or a denial response.
    case websocketConnect
    /// `websocket.receive`: a message from the client.
    case websocketReceive(WebSocketMessage)
    /// `websocket.disconnect`: the WebSocket closed. `code` is the peer's close code (1005 if
    /// it sent none), 1006 for a drop without a close handshake, or the code the server sent
    /// after a protocol violation; `reason` is the peer's reason text or a standard
    /// ``DisconnectReason`` token.
    case websocketDisconnect(code: WebSocketCloseCode, reason: String)
    /// `sse.request`: a piece of the body of an SSE request; as `http.request`.
    case sseRequest(ByteBuffer, more: Bool)
    /// `sse.disconnect`: the client left or the server ended the stream (`reason` names the
    /// cause), or the stream ended normally after `sse.close` or a decline (`reason` is `nil`).
    case sseDisconnect(reason: DisconnectReason?)
    /// `lifespan.startup`: the server is about to accept connections.
    case lifespanStartup
    /// `lifespan.shutdown`: the server stopped accepting and drained its connections.
    case lifespanShutdown
    /// An extension event.
    case custom(ExtensionEvent)

    /// The spec `type` of the event.
    public var type: String {
        switch self {
        case .httpRequest: return "http.request"
        case .httpDisconnect: return "http.disconnect"
        case .websocketConnect: return "websocket.connect"
        case .websocketReceive: return "websocket.receive"
        case .websocketDisconnect: return "websocket.disconnect"
        case .sseRequest: return "sse.request"
        case .sseDisconnect: return "sse.disconnect"
        case .lifespanStartup: return "lifespan.startup"
        case .lifespanShutdown: return "lifespan.shutdown"
        case .custom(let event): return event.type
        }
    }

    /// Whether this is a disconnect event of any protocol.
    public var isDisconnect: Bool {
        switch self {
        case .httpDisconnect, .websocketDisconnect, .sseDisconnect: return true
        default: return false
        }
    }
}

extension InboundEvent: CustomStringConvertible {
    public var description: String { self.type }
}
