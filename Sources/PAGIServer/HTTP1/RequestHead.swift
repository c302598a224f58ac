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
    /// The scope type the request opens: `sse` for an `Accept: text/event-stream` request
    /// (not a WebSocket upgrade, not HEAD, which asks for headers only), else `http`.
    var scopeType: ScopeType {
        self.acceptsEventStream && !self.isWebSocketUpgrade && self.method != .head ? .sse : .http
    }

    /// The request's scope (of ``scopeType``); an `http` scope shows `connection` as
    /// `pagi.connection`.
    func scope(
        rootPath: String,
        client: NetworkAddress?,
        server: NetworkAddress?,
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
            scheme: "http",
            client: client,
            server: server,
            state: state,
            extensions: Extensions(fullFlush: true),
            connection: type == .http ? connection : nil
        )
        return type == .sse ? .sse(request) : .http(request)
    }
}
