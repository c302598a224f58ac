package import NIOCore
package import PAGI

/// How a request's body is delimited on the wire.
package enum BodyFraming: Equatable, Sendable {
    /// No body.
    case none
    /// `Content-Length` bytes.
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}

/// A parsed HTTP/1.x request head, with the framing and connection facts the server needs.
package struct RequestHead: Sendable {
    package var method: HTTPRequest.Method
    package var version: HTTPVersion
    /// The path bytes of the request target, as received (`/` for `*` and absolute-form
    /// targets without a path).
    package var rawPath: ByteBuffer
    /// The bytes after the first `?`, as received.
    package var query: ByteBuffer
    package var headers: Headers
    package var framing: BodyFraming
    package var keepAlive: Bool
    package var expectsContinue: Bool
    package var isWebSocketUpgrade: Bool
    package var acceptsEventStream: Bool

    package init(
        method: HTTPRequest.Method,
        version: HTTPVersion,
        rawPath: ByteBuffer,
        query: ByteBuffer,
        headers: Headers,
        framing: BodyFraming,
        keepAlive: Bool,
        expectsContinue: Bool,
        isWebSocketUpgrade: Bool,
        acceptsEventStream: Bool
    ) {
        self.method = method
        self.version = version
        self.rawPath = rawPath
        self.query = query
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
        self.isWebSocketUpgrade = isWebSocketUpgrade
        self.acceptsEventStream = acceptsEventStream
    }
}

extension RequestHead {
    /// The scope type the request opens: `websocket` for a WebSocket upgrade; `sse` for an
    /// `Accept: text/event-stream` request (not HEAD, which asks for headers only); else `http`.
    package var scopeType: ScopeType {
        if self.isWebSocketUpgrade { return .websocket }
        return self.acceptsEventStream && self.method != .head ? .sse : .http
    }

    /// The client's `Sec-WebSocket-Protocol` list: every such field, split at commas, trimmed.
    var offeredSubprotocols: [String] {
        self.headers.filter { $0.name == .secWebSocketProtocol }
            .flatMap { $0.value.text.split(separator: ",") }
            .map { String($0.trimmingSpaces) }
            .filter { !$0.isEmpty }
    }

    /// The request's scope (of ``scopeType``); an `http` scope shows `connection` as
    /// `pagi.connection`, a `websocket` scope offers the denial response. With `tls` (a
    /// secured connection) the scope carries the `tls` extension and a secure scheme.
    func scope(
        rootPath: String,
        client: NetworkAddress?,
        server: NetworkAddress?,
        tls: TLSInfo? = nil,
        state: ScopeValues,
        connection: ConnectionState
    ) -> Scope {
        let type = self.scopeType
        let rawPath = ByteString(self.rawPath)
        let request = RequestScope(
            method: self.method,
            path: PercentEncoding.decodePath(rawPath),
            rawPath: rawPath,
            queryString: ByteString(self.query),
            rootPath: rootPath,
            headers: self.headers,
            httpVersion: self.version,
            scheme: type == .websocket ? (tls == nil ? "ws" : "wss") : (tls == nil ? "http" : "https"),
            client: client,
            server: server,
            subprotocols: type == .websocket ? self.offeredSubprotocols : [],
            state: state,
            extensions: type == .websocket ? Extensions(tls: tls, websocketHTTPResponse: true) : Extensions(fullFlush: true, tls: tls),
            connection: type == .http ? connection : nil
        )
        switch type {
        case .sse: return .sse(request)
        case .websocket: return .websocket(request)
        default: return .http(request)
        }
    }
}
