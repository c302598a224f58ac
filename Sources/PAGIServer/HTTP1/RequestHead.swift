import NIOCore
import PAGI

/// How a request's body is delimited on the wire.
enum BodyFraming: Equatable, Sendable {
    /// No body.
    case none
    /// `Content-Length` bytes.
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}

/// A parsed HTTP/1.x request head, with the framing and connection facts the server needs.
struct RequestHead: Sendable {
    var method: HTTPRequest.Method
    var version: HTTPVersion
    /// The path bytes of the request target, as received (`/` for `*` and absolute-form
    /// targets without a path).
    var rawPath: ByteBuffer
    /// The bytes after the first `?`, as received.
    var query: ByteBuffer
    var headers: Headers
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
    var isWebSocketUpgrade: Bool
    var acceptsEventStream: Bool
}

extension RequestHead {
    /// The scope type the request opens: `websocket` for a WebSocket upgrade; `sse` for an
    /// `Accept: text/event-stream` request (not HEAD, which asks for headers only); else `http`.
    var scopeType: ScopeType {
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
