public import HTTPTypes
public import PAGI
import Synchronization

/// Drives a PAGI application in process, without sockets: HTTP requests, WebSocket
/// sessions, SSE streams and the lifespan, as a server would.
///
/// ```swift
/// let client = TestClient(app: myApp)
/// try await client.withLifespan {
///     let response = try await client.get("/")
///     #expect(response.status == .ok)
///     #expect(response.text == "Hello, World!")
/// }
/// ```
///
/// Every event the application sends is checked by ``EventValidator``: an invalid event makes
/// its `send` throw, and the request fails with that error even when the application caught
/// it. By default an error thrown by the application fails the request too; set
/// ``Configuration/raiseAppErrors`` to `false` to get the response a server would give
/// instead (a 500 before the response started) and read the error from ``TestResponse/error``.
public final class TestClient: Sendable {
    /// How the client presents itself and what it expects.
    public struct Configuration: Sendable {
        /// Whether an application error (or invalid event) fails the request (`true`) or
        /// becomes the server's answer, a 500, with the error in ``TestResponse/error``.
        public var raiseAppErrors = true
        /// How long to wait for the application at any one step before failing.
        public var timeout: Duration = .seconds(10)
        /// The scheme of HTTP scopes (`http` or `https`); WebSocket scopes use `ws` or `wss`.
        public var scheme = "http"
        /// The HTTP version of every scope.
        public var httpVersion: HTTPVersion = .http1_1
        /// The `root_path` of every scope.
        public var rootPath = ""
        /// The client address of every scope.
        public var client: NetworkAddress? = .tcp(host: "127.0.0.1", port: 50_000)
        /// The server address of every scope.
        public var server: NetworkAddress? = .tcp(host: "testserver", port: 80)
        /// The extensions offered to the application (`fullflush` and the WebSocket denial
        /// response by default; add `tls` to simulate a TLS connection).
        public var extensions = Extensions(fullFlush: true, websocketHTTPResponse: true)
        /// Headers sent with every request, before the request's own; a request header of the
        /// same name replaces them.
        public var headers: Headers = ["host": "testserver"]
        /// The `pagi` info of the lifespan scope (`is_worker`, `worker_num`).
        public var lifespanInfo = PAGIInfo.current

        /// The defaults: raise errors, 10-second timeout, `http://testserver`.
        public init() {}
    }

    let app: Application
    let configuration: Configuration
    let lifespan = Mutex(LifespanRun())

    /// The lifespan `state` namespace: filled by the application at startup, copied into
    /// every request scope.
    public let state = SharedValues()

    /// A client for `app`.
    public init(app: @escaping Application, configuration: Configuration = Configuration()) {
        self.app = app
        self.configuration = configuration
    }

    /// A client for `app`, configured by `configure`.
    public convenience init(app: @escaping Application, configure: (inout Configuration) -> Void) {
        var configuration = Configuration()
        configure(&configuration)
        self.init(app: app, configuration: configuration)
    }

    /// The request scope of a `type` scope for `target` (a path with an optional query,
    /// percent-encoded as a real client would: `"/echo/λ?q=a b"` arrives as raw path
    /// `/echo/%CE%BB`, query `q=a%20b`). Only `http` scopes get a `pagi.connection`.
    func makeRequestScope(
        _ type: ScopeType,
        method: HTTPRequest.Method,
        target: String,
        headers: Headers,
        scheme: String,
        subprotocols: [String] = []
    ) -> RequestScope {
        let (rawPath, query) = RequestTarget.split(target)
        var merged = self.configuration.headers
        for name in Set(headers.map(\.name)) { merged.remove(name) }
        merged.append(contentsOf: headers)
        return RequestScope(
            method: method,
            path: PercentEncoding.decodePath(rawPath),
            rawPath: rawPath,
            queryString: query,
            rootPath: self.configuration.rootPath,
            headers: RequestTarget.joiningCookies(merged),
            httpVersion: self.configuration.httpVersion,
            scheme: scheme,
            client: self.configuration.client,
            server: self.configuration.server,
            subprotocols: subprotocols,
            state: self.state.snapshot(),
            extensions: self.configuration.extensions,
            connection: type == .http ? ConnectionState() : nil,
            transport: TransportState()
        )
    }
}
