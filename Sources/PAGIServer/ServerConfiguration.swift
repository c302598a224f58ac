import NIOCore
public import NIOPosix
public import Logging
public import PAGIAccessLog
public import PAGI

/// Every option of the reference server, with the defaults `pagi-server` uses.
/// `docs/server-behavior.md` states what each limit and timeout does.
public struct ServerConfiguration: Sendable {
    /// Where the server listens.
    public enum Binding: Sendable, Hashable {
        /// A TCP address; port 0 picks a free port.
        case tcp(host: String, port: Int)
        /// A Unix domain socket path (an existing socket file there is replaced).
        case unixSocket(path: String)
        /// An already listening socket, inherited by file descriptor.
        case fileDescriptor(Int32)
    }

    /// Where access log lines go.
    public enum AccessLog: Sendable, Hashable {
        case standardError
        case file(path: String)
        case off
    }

    /// What to do with the application's lifespan scope.
    public enum LifespanMode: String, Sendable, CaseIterable {
        /// Run it; an application that declines runs without it.
        case auto
        /// Run it; an application that declines stops the server.
        case on
        /// Do not run it.
        case off
    }

    /// Where the server listens (default `127.0.0.1:5000`): the first of ``bindings``.
    public var binding: Binding = .tcp(host: "127.0.0.1", port: 5000)
    /// Where the server also listens, after ``binding`` (default none): every listener is
    /// bound before any serves, and all share the connection limit and the shutdown.
    public var additionalBindings: [Binding] = []

    /// Every place the server listens: ``binding`` then ``additionalBindings``. Setting it
    /// sets both; an empty list keeps ``binding`` and drops the others.
    public var bindings: [Binding] {
        get { [self.binding] + self.additionalBindings }
        set {
            if let first = newValue.first { self.binding = first }
            self.additionalBindings = Array(newValue.dropFirst())
        }
    }
    /// The `root_path` of every scope (default empty).
    public var rootPath = ""
    /// Event-loop threads (default: one per core).
    public var threads: Int = System.coreCount
    /// The event loops to serve on, owned by the caller; `nil` (the default): the server
    /// makes a group of ``threads`` loops and shuts it down when it stops.
    public var eventLoopGroup: MultiThreadedEventLoopGroup?
    /// The listen backlog (default 2048).
    public var backlog = 2048
    /// Binds a TCP address with SO_REUSEPORT, so that several processes (the workers of
    /// `pagi-server --workers N --reuse-port`) listen on the same port and the kernel shares
    /// the connections out between them (default off).
    public var reusePort = false
    /// Whether other processes accept on the same inherited socket (a supervisor's workers,
    /// with ``Binding/fileDescriptor(_:)``): a thread of the server's own then accepts, since
    /// NIO's event loop does not expect another process to take a connection it was woken
    /// for (default off).
    public var listenerIsShared = false

    /// The most connections served at once; a connection beyond it is answered 503 with
    /// `Retry-After: 5` instead of queueing; `nil` for no limit (default 1000).
    public var limitConcurrency: Int? = 1000

    /// The longest request line, in bytes, before 414 (default 8192).
    public var maxRequestLine = 8192
    /// The largest header section, in bytes, before 431 (default 16384).
    public var maxHeaderSize = 16_384
    /// The most header fields before 431 (default 100).
    public var maxHeaderCount = 100
    /// The largest request body, in bytes, before 413; `nil` for no limit (default 10 MB).
    public var maxBodySize: Int? = 10_000_000

    /// Whether responses get a `Date` header when the application set none (default on).
    public var dateHeader = true
    /// The `Server` header added when the application set none; `nil` for none (default `pagi`).
    public var serverHeader: String? = "pagi"

    /// What to do with the lifespan scope (default `auto`).
    public var lifespan = LifespanMode.auto
    /// How long lifespan startup and shutdown may take, in seconds (default 30).
    public var lifespanTimeout: Duration = .seconds(30)

    /// How long a connection may wait for a request (between keep-alive requests, and for a
    /// new connection's first byte) before it is closed; `nil` for no limit (default 5 seconds).
    public var timeoutKeepAlive: Duration? = .seconds(5)
    /// How long a request head may take to arrive once it has begun, before 408 (slowloris);
    /// `nil` for no limit (default 10 seconds).
    public var timeoutHeader: Duration? = .seconds(10)
    /// How long the server waits for request body bytes the application asked for, before 408
    /// and `client_timeout`; `nil` for no limit (default 60 seconds).
    public var timeoutBody: Duration? = .seconds(60)
    /// How long a write may wait behind a full socket (a client that does not read) before the
    /// connection closes with `write_timeout`; `nil` for no limit (default 60 seconds).
    public var timeoutWrite: Duration? = .seconds(60)

    /// How long a graceful shutdown waits for requests in flight before closing them
    /// (default 30 seconds).
    public var timeoutGracefulShutdown: Duration = .seconds(30)

    /// Secures every connection before its first request (TLS from `PAGIServerTLS`); `nil`
    /// (the default) serves cleartext HTTP. Scopes then carry the `tls` extension and the
    /// `https` / `wss` scheme.
    public var connectionSecurity: (any ConnectionSecurity)?

    /// Serves the connections that speak HTTP/2 (`PAGIServerHTTP2`): over TLS those whose
    /// handshake chose `h2`, in cleartext (when it says so) those that open with the HTTP/2
    /// preface; `nil` (the default) serves HTTP/1 only.
    public var http2: (any HTTP2Serving)?

    /// WebSocket limits, pings, compression and the close handshake.
    public var webSocket = WebSocket()

    /// Where the access log goes (default standard error).
    public var accessLog = AccessLog.standardError
    /// The access log line format (default `clf`).
    public var accessLogFormat = AccessLogFormat.clf

    /// The logger for server events.
    public var logger = Logger(label: "pagi.server")

    /// Turns the scope the connection describes into the one the application sees, before
    /// the application and the access log see it (default: none). `pagi-server
    /// --proxy-headers` puts `ReverseProxy`'s resolution here, so that the access log shows
    /// the forwarded client rather than the proxy, as uvicorn's does. Runs for every HTTP,
    /// SSE and WebSocket request: keep it cheap.
    public var rewriteScope: (@Sendable (Scope) -> Scope)?

    public init() {}

    /// The watchdog's limits.
    var timeouts: ConnectionWatchdog.Limits {
        .init(keepAlive: self.timeoutKeepAlive, header: self.timeoutHeader, body: self.timeoutBody, write: self.timeoutWrite)
    }

    /// The head parser's limits.
    var headLimits: HTTP1HeadParser.Limits {
        .init(maxRequestLine: self.maxRequestLine, maxHeaderSize: self.maxHeaderSize, maxHeaderCount: self.maxHeaderCount)
    }
}
