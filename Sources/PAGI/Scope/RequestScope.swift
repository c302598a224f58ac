public import HTTPTypes

/// The scope of a connection that began as an HTTP request: the payload of the `http`,
/// `websocket` and `sse` scopes.
///
/// A value type: a middleware that changes it changes its own copy, and the layers above it
/// never see the change. Values reached through a reference (``connection``, ``transport``,
/// a ``SharedValues`` in ``state`` or ``custom``) are shared by all layers.
public struct RequestScope: Sendable {
    /// `pagi`: the spec revision.
    public var pagi: PAGIInfo
    /// `http_version`: `"1.0"`, `"1.1"` or `"2"` (for WebSocket: of the handshake).
    public var httpVersion: HTTPVersion
    /// `method`: the request method, upper-case (for WebSocket: of the handshake).
    public var method: HTTPRequest.Method
    /// `scheme`: `http` or `https` (`ws` or `wss` for WebSocket).
    public var scheme: String
    /// `path`: the request path, percent-decoded, then decoded as UTF-8; when that fails, the
    /// bytes appear as ISO-8859-1 characters (see ``PercentEncoding/decodePath(_:)``; use
    /// ``rawPath`` to decode strictly).
    public var path: String
    /// `raw_path`: the path bytes exactly as received, without the query.
    public var rawPath: ByteString
    /// `query_string`: the bytes after `?`, still percent-encoded; empty when there were none.
    public var queryString: ByteString
    /// `root_path`: where the application is mounted (PSGI's `SCRIPT_NAME`); empty at the root.
    public var rootPath: String
    /// `headers`: the request headers in order, names lower-cased, values as received;
    /// several `Cookie` headers arrive joined into one.
    public var headers: Headers
    /// `client`: the peer's address, when known.
    public var client: NetworkAddress?
    /// `server`: the local address the connection arrived on, when known.
    public var server: NetworkAddress?
    /// `subprotocols`: WebSocket only; the client's `Sec-WebSocket-Protocol` list, in order.
    public var subprotocols: [String]
    /// `state`: a shallow copy of the lifespan state namespace.
    public var state: ScopeValues
    /// `extensions`: the capabilities the server offers on this connection.
    public var extensions: Extensions
    /// `pagi.connection`: this request's connection state (the `http` scope always has one
    /// when served by a PAGI server).
    public var connection: ConnectionState?
    /// `pagi.transport`: outbound flow control, when the server can report it.
    public var transport: TransportState?
    /// The scope's extension keys (`pagi.stash`, `myapp.user`, ...): values that middleware
    /// and frameworks pass down to the layers below them.
    public var custom: ScopeValues

    /// A scope. `rawPath` defaults to `path` percent-encoded as the wire would carry it.
    public init(
        method: HTTPRequest.Method = .get,
        path: String = "/",
        rawPath: ByteString? = nil,
        queryString: ByteString = "",
        rootPath: String = "",
        headers: Headers = [:],
        httpVersion: HTTPVersion = .http1_1,
        scheme: String = "http",
        client: NetworkAddress? = nil,
        server: NetworkAddress? = nil,
        subprotocols: [String] = [],
        state: ScopeValues = ScopeValues(),
        extensions: Extensions = Extensions(),
        connection: ConnectionState? = nil,
        transport: TransportState? = nil,
        custom: ScopeValues = ScopeValues(),
        pagi: PAGIInfo = .current
    ) {
        self.pagi = pagi
        self.httpVersion = httpVersion
        self.method = method
        self.scheme = scheme
        self.path = path
        self.rawPath = rawPath ?? ByteString(PercentEncoding.encodePath(path))
        self.queryString = queryString
        self.rootPath = rootPath
        self.headers = headers
        self.client = client
        self.server = server
        self.subprotocols = subprotocols
        self.state = state
        self.extensions = extensions
        self.connection = connection
        self.transport = transport
        self.custom = custom
    }

    /// The extension key `key`.
    public subscript<Value>(key: ScopeKey<Value>) -> Value? {
        get { self.custom[key] }
        set { self.custom[key] = newValue }
    }
}
