public import HTTPTypes
public import NIOCore

/// An event from the application to the server: what `send` takes.
///
/// `send` returns once the server has taken the event (the backpressure path). It throws
/// when the event is invalid here ( ``PAGIError`` ); after the client left it is a no-op.
public enum OutboundEvent: Sendable {
    /// `http.response.start`: status, headers and whether trailers follow.
    case httpResponseStart(ResponseStart)
    /// `http.response.body`: a piece of the body; `more` is `true` while more pieces follow.
    case httpResponseBody(ByteBuffer, more: Bool = false)
    /// `http.response.body` with `file` or `fh`: the rest of the body, read from a file.
    case httpResponseFile(FileBody)
    /// `http.response.trailers`: the trailer fields, after the last body event; only when the
    /// start promised `trailers`.
    case httpResponseTrailers(Headers)
    /// `http.fullflush` (extension `fullflush`): write out everything buffered now.
    case httpFullFlush
    /// `websocket.accept`: complete the handshake, optionally choosing one of the client's
    /// subprotocols and adding headers.
    case websocketAccept(subprotocol: String? = nil, headers: Headers = [:])
    /// `websocket.send`: a message to the client.
    case websocketSend(WebSocketMessage)
    /// `websocket.close`: close the WebSocket; before `websocket.accept` it refuses the
    /// handshake with 403.
    case websocketClose(code: WebSocketCloseCode = .normalClosure, reason: String = "")
    /// `websocket.keepalive`: ping the client every `interval` (zero stops it); without a pong
    /// within `timeout` the connection is closed.
    case websocketKeepalive(interval: Duration, timeout: Duration? = nil)
    /// `websocket.http.response.start` (extension `websocket.http.response`): refuse the
    /// handshake with this HTTP response instead of accepting.
    case websocketHTTPResponseStart(ResponseStart)
    /// `websocket.http.response.body`: the body of that response.
    case websocketHTTPResponseBody(ByteBuffer, more: Bool = false)
    /// `sse.start`: start the event stream (status 200 by default).
    case sseStart(ResponseStart)
    /// `sse.send`: one event.
    case sseSend(SSEEvent)
    /// `sse.comment`: a comment line (`:` is prepended when missing); must not contain CR or LF.
    case sseComment(String)
    /// `sse.keepalive`: send the comment every `interval` while the stream is idle (zero stops it).
    case sseKeepalive(interval: Duration, comment: String = "")
    /// `sse.close`: end the stream now; `reason` is for the server's logs only.
    case sseClose(reason: String? = nil)
    /// `sse.http.response.start`: decline the stream with an ordinary HTTP response.
    case sseHTTPResponseStart(ResponseStart)
    /// `sse.http.response.body`: the body of that response.
    case sseHTTPResponseBody(ByteBuffer, more: Bool = false)
    /// `lifespan.startup.complete`: the application is ready.
    case lifespanStartupComplete
    /// `lifespan.startup.failed`: the application cannot start; the server must not serve.
    case lifespanStartupFailed(message: String = "")
    /// `lifespan.shutdown.complete`: the application has cleaned up.
    case lifespanShutdownComplete
    /// `lifespan.shutdown.failed`: cleaning up failed.
    case lifespanShutdownFailed(message: String = "")
    /// An extension event.
    case custom(ExtensionEvent)

    /// The spec `type` of the event.
    public var type: String {
        switch self {
        case .httpResponseStart: return "http.response.start"
        case .httpResponseBody, .httpResponseFile: return "http.response.body"
        case .httpResponseTrailers: return "http.response.trailers"
        case .httpFullFlush: return "http.fullflush"
        case .websocketAccept: return "websocket.accept"
        case .websocketSend: return "websocket.send"
        case .websocketClose: return "websocket.close"
        case .websocketKeepalive: return "websocket.keepalive"
        case .websocketHTTPResponseStart: return "websocket.http.response.start"
        case .websocketHTTPResponseBody: return "websocket.http.response.body"
        case .sseStart: return "sse.start"
        case .sseSend: return "sse.send"
        case .sseComment: return "sse.comment"
        case .sseKeepalive: return "sse.keepalive"
        case .sseClose: return "sse.close"
        case .sseHTTPResponseStart: return "sse.http.response.start"
        case .sseHTTPResponseBody: return "sse.http.response.body"
        case .lifespanStartupComplete: return "lifespan.startup.complete"
        case .lifespanStartupFailed: return "lifespan.startup.failed"
        case .lifespanShutdownComplete: return "lifespan.shutdown.complete"
        case .lifespanShutdownFailed: return "lifespan.shutdown.failed"
        case .custom(let event): return event.type
        }
    }
}

extension OutboundEvent: CustomStringConvertible {
    public var description: String { self.type }
}

extension OutboundEvent {
    /// `http.response.start` with the given status, headers and trailers flag.
    public static func httpResponseStart(
        status: HTTPResponse.Status,
        headers: Headers = [:],
        trailers: Bool = false
    ) -> OutboundEvent {
        .httpResponseStart(ResponseStart(status: status, headers: headers, trailers: trailers))
    }

    /// `http.response.body` holding the UTF-8 bytes of `text`.
    public static func httpResponseBody(_ text: String, more: Bool = false) -> OutboundEvent {
        .httpResponseBody(ByteBuffer(string: text), more: more)
    }

    /// `sse.start` with the given status and headers.
    public static func sseStart(status: HTTPResponse.Status = .ok, headers: Headers = [:]) -> OutboundEvent {
        .sseStart(ResponseStart(status: status, headers: headers))
    }

    /// `sse.send` with the given fields.
    public static func sseSend(data: String, event: String? = nil, id: String? = nil, retry: Int? = nil)
        -> OutboundEvent
    {
        .sseSend(SSEEvent(data: data, event: event, id: id, retry: retry))
    }

    /// `websocket.send` of a text message.
    public static func websocketSend(text: String) -> OutboundEvent { .websocketSend(.text(text)) }

    /// `websocket.send` of a binary message.
    public static func websocketSend(binary: ByteBuffer) -> OutboundEvent { .websocketSend(.binary(binary)) }
}
