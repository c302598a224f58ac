public import HTTPTypes

/// The scope of a connection that began as an HTTP request: the payload of the `http`,
/// `websocket` and `sse` scopes.
///
/// A value type: a middleware that changes it changes its own copy, and the layers above it
/// never see the change. Values reached through a reference (``connection``, ``transport``,
/// a ``SharedValues`` in ``state`` or ``custom``) are shared by all layers.
public struct RequestScope: Sendable {
    /// The fields, behind one reference: a scope is copied at every layer it passes (each
    /// middleware, each `switch` on it), and one retain per copy is much cheaper than one per
    /// field. Copy-on-write keeps it a value.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields {
        var pagi: PAGIInfo
        var httpVersion: HTTPVersion
        var method: HTTPRequest.Method
        var scheme: String
        var path: String
        var rawPath: ByteString
        var queryString: ByteString
        var rootPath: String
        var headers: Headers
        var client: NetworkAddress?
        var server: NetworkAddress?
        var subprotocols: [String]
        var state: ScopeValues
        var extensions: Extensions
        var connection: ConnectionState?
        var transport: TransportState?
        var custom: ScopeValues
    }

    private var storage: Storage

    private var fields: Fields {
        get { self.storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&self.storage) { self.storage = Storage(self.storage.fields) }
            yield &self.storage.fields
        }
    }

    /// `pagi`: the spec revision.
    public var pagi: PAGIInfo {
        get { self.storage.fields.pagi }
        _modify { yield &self.fields.pagi }
    }
    /// `http_version`: `"1.0"`, `"1.1"` or `"2"` (for WebSocket: of the handshake).
    public var httpVersion: HTTPVersion {
        get { self.storage.fields.httpVersion }
        _modify { yield &self.fields.httpVersion }
    }
    /// `method`: the request method, upper-case (for WebSocket: of the handshake).
    public var method: HTTPRequest.Method {
        get { self.storage.fields.method }
        _modify { yield &self.fields.method }
    }
    /// `scheme`: `http` or `https` (`ws` or `wss` for WebSocket).
    public var scheme: String {
        get { self.storage.fields.scheme }
        _modify { yield &self.fields.scheme }
    }
    /// `path`: the request path, percent-decoded, then decoded as UTF-8; when that fails, the
    /// bytes appear as ISO-8859-1 characters (see ``PercentEncoding/decodePath(_:)``; use
    /// ``rawPath`` to decode strictly).
    public var path: String {
        get { self.storage.fields.path }
        _modify { yield &self.fields.path }
    }
    /// `raw_path`: the path bytes exactly as received, without the query.
    public var rawPath: ByteString {
        get { self.storage.fields.rawPath }
        _modify { yield &self.fields.rawPath }
    }
    /// `query_string`: the bytes after `?`, still percent-encoded; empty when there were none.
    public var queryString: ByteString {
        get { self.storage.fields.queryString }
        _modify { yield &self.fields.queryString }
    }
    /// `root_path`: where the application is mounted (PSGI's `SCRIPT_NAME`); empty at the root.
    public var rootPath: String {
        get { self.storage.fields.rootPath }
        _modify { yield &self.fields.rootPath }
    }
    /// `headers`: the request headers in order, names lower-cased, values as received;
    /// several `Cookie` headers arrive joined into one.
    public var headers: Headers {
        get { self.storage.fields.headers }
        _modify { yield &self.fields.headers }
    }
    /// `client`: the peer's address, when known.
    public var client: NetworkAddress? {
        get { self.storage.fields.client }
        _modify { yield &self.fields.client }
    }
    /// `server`: the local address the connection arrived on, when known.
    public var server: NetworkAddress? {
        get { self.storage.fields.server }
        _modify { yield &self.fields.server }
    }
    /// `subprotocols`: WebSocket only; the client's `Sec-WebSocket-Protocol` list, in order.
    public var subprotocols: [String] {
        get { self.storage.fields.subprotocols }
        _modify { yield &self.fields.subprotocols }
    }
    /// `state`: a shallow copy of the lifespan state namespace.
    public var state: ScopeValues {
        get { self.storage.fields.state }
        _modify { yield &self.fields.state }
    }
    /// `extensions`: the capabilities the server offers on this connection.
    public var extensions: Extensions {
        get { self.storage.fields.extensions }
        _modify { yield &self.fields.extensions }
    }
    /// `pagi.connection`: this request's connection state (the `http` scope always has one
    /// when served by a PAGI server).
    public var connection: ConnectionState? {
        get { self.storage.fields.connection }
        _modify { yield &self.fields.connection }
    }
    /// `pagi.transport`: outbound flow control, when the server can report it.
    public var transport: TransportState? {
        get { self.storage.fields.transport }
        _modify { yield &self.fields.transport }
    }
    /// The scope's extension keys (`pagi.stash`, `myapp.user`, ...): values that middleware
    /// and frameworks pass down to the layers below them.
    public var custom: ScopeValues {
        get { self.storage.fields.custom }
        _modify { yield &self.fields.custom }
    }

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
        self.storage = Storage(Fields(
            pagi: pagi,
            httpVersion: httpVersion,
            method: method,
            scheme: scheme,
            path: path,
            rawPath: rawPath ?? ByteString(PercentEncoding.encodePath(path)),
            queryString: queryString,
            rootPath: rootPath,
            headers: headers,
            client: client,
            server: server,
            subprotocols: subprotocols,
            state: state,
            extensions: extensions,
            connection: connection,
            transport: transport,
            custom: custom
        ))
    }

    /// The extension key `key`.
    public subscript<Value>(key: ScopeKey<Value>) -> Value? {
        get { self.custom[key] }
        set { self.custom[key] = newValue }
    }
}
