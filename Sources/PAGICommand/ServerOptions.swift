public import ArgumentParser
public import Logging
public import PAGIServer
import PAGIAccessLog
public import PAGIMiddleware
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every option of the server's command line. Sizes are in bytes, times in seconds.
/// `configuration()` turns them into one `ServerConfiguration`.
public struct ServerOptions: ParsableArguments, Sendable {
    @Option(help: "The address to listen on.")
    public var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    public var port = 5000

    @Option(help: ArgumentHelp("Listen on this Unix domain socket instead of TCP.", valueName: "path"))
    public var uds: String?

    @Option(help: ArgumentHelp("Serve on this already listening socket, inherited by file descriptor.", valueName: "n"))
    public var fd: Int32?

    @Option(help: ArgumentHelp(
        "Listen here; repeat it for several listeners: HOST:PORT ([::1]:8000 for IPv6, :8000 for every interface), unix:PATH or fd://N. Replaces --host, --port, --uds and --fd.",
        valueName: "spec"
    ))
    public var listen: [String] = []

    @Option(help: "The root_path of every scope: where the application is mounted behind a proxy.")
    public var rootPath = ""

    @Option(help: "Event-loop threads (default: one per core).")
    public var threads: Int?

    @Flag(
        inversion: .prefixedNo,
        help: "Run Swift concurrency's tasks on the event-loop threads instead of its own pool (fewer thread hops, but slower on small machines; see docs/performance.md). Applications must then never block."
    )
    public var eventLoopExecutor = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    public var logLevel: LogLevelArgument = .info

    @Option(help: ArgumentHelp("Write the access log to this file ('-' for standard error, the default).", valueName: "path"))
    public var accessLog = "-"

    @Flag(help: "Write no access log.")
    public var noAccessLog = false

    @Option(help: "Access log format: clf (default), common, combined, tiny, json, or Apache-style atoms such as '%h %r %s %D'.")
    public var accessLogFormat = "clf"

    @Option(help: "Seconds a connection may wait for a request (keep-alive, and a new connection's first byte); 0: no limit.")
    public var timeoutKeepAlive: Double = 5

    @Option(help: "Seconds a request head may take once it has begun, before 408; 0: no limit.")
    public var timeoutHeader: Double = 10

    @Option(help: "Seconds to wait for request body bytes the application asked for, before 408; 0: no limit.")
    public var timeoutBody: Double = 60

    @Option(help: "Seconds a write may wait behind a client that does not read, before closing; 0: no limit.")
    public var timeoutWrite: Double = 60

    @Option(help: "Seconds a graceful shutdown waits for requests in flight before closing them.")
    public var timeoutGracefulShutdown: Double = 30

    @Option(help: "Seconds lifespan startup and shutdown may take.")
    public var timeoutLifespan: Double = 30

    @Option(help: "The most connections served at once; beyond it, 503 with Retry-After (0: no limit).")
    public var limitConcurrency = 1000

    @Option(help: "The listen backlog.")
    public var backlog = 2048

    @Option(help: "The longest request line before 414.")
    public var maxRequestLine = 8192

    @Option(help: "The largest header section before 431.")
    public var maxHeaderSize = 16_384

    @Option(help: "The most header fields before 431.")
    public var maxHeaderCount = 100

    @Option(help: "The largest request body before 413 (0 for no limit).")
    public var maxBodySize = 10_000_000

    @Option(help: "The largest WebSocket message (and frame) in bytes, before close 1009.")
    public var wsMaxSize = 16 * 1024 * 1024

    @Option(help: "WebSocket messages held for an application that has not read them; while full, the socket is not read.")
    public var wsMaxQueue = 32

    @Option(help: "Seconds a WebSocket's message queue may stay full before close 1008 (0: at once).")
    public var timeoutWsQueue: Double = 10

    @Option(help: "Seconds between the server's pings on an open WebSocket (0: no pings).")
    public var wsPingInterval: Double = 20

    @Option(help: "Seconds a ping may wait for its pong before the WebSocket is dropped (0: no limit).")
    public var wsPingTimeout: Double = 20

    @Flag(inversion: .prefixedNo, help: "Accept permessage-deflate (RFC 7692) when a WebSocket client offers it.")
    public var wsPerMessageDeflate = true

    @Option(help: "Seconds the server waits for the client's close frame after sending its own.")
    public var timeoutWsClose: Double = 10

    @Option(help: "Lifespan: auto (run it, carry on if the app declines), on (the app must support it), off.")
    public var lifespan: ServerConfiguration.LifespanMode = .auto

    @Flag(inversion: .prefixedNo, help: "Believe Forwarded and X-Forwarded-* headers (client, scheme, host, port, prefix) from the proxies in --forwarded-allow-ips.")
    public var proxyHeaders = true

    @Option(help: ArgumentHelp(
        "The proxies whose forwarding headers are believed: addresses and CIDR ranges, comma-separated, or * (default: $FORWARDED_ALLOW_IPS, else 127.0.0.1, ::1).",
        valueName: "list"
    ))
    public var forwardedAllowIps: String?

    @Option(name: [.customShort("E"), .long], help: ArgumentHelp(
        "development (Lint checks every event the application sends, strictly) or production; either is put in $PAGI_ENV for the application. Default: $PAGI_ENV, else production.",
        valueName: "environment"
    ))
    public var env: ServerEnvironment?

    @Option(help: ArgumentHelp(
        "Read options from this JSON (.json) or YAML file, keyed by their long names (default: $PAGI_CONFIG). PAGI_* variables (PAGI_PORT for --port) and the command line override it.",
        valueName: "path"
    ))
    public var config: String?

    @Flag(help: "Print the effective configuration, as a config file saying where each value came from, and exit.")
    public var printConfig = false

    @OptionGroup(title: "TLS")
    public var tls: TLSCommandOptions

    @OptionGroup(title: "HTTP/2")
    public var http2: HTTP2CommandOptions

    @OptionGroup(title: "Workers")
    public var process: WorkerCommandOptions

    @Flag(inversion: .prefixedNo, help: "Add a Server header when the application set none.")
    public var serverHeader = true

    @Flag(inversion: .prefixedNo, help: "Add a Date header when the application set none.")
    public var dateHeader = true

    public init() {}

    /// The server configuration these options describe. Throws `ValidationError` for an
    /// invalid option and ``PAGIServerTLS/TLSSetupError`` when the TLS files are not usable
    /// (they are loaded here, before anything listens).
    public func configuration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if !self.listen.isEmpty {
            configuration.bindings = try self.listen.map(ServerConfiguration.Binding.init(listenSpec:))
        } else if let path = self.uds {
            configuration.binding = .unixSocket(path: path)
        } else if let descriptor = self.fd {
            configuration.binding = .fileDescriptor(descriptor)
        } else {
            configuration.binding = .tcp(host: self.host, port: self.port)
        }
        configuration.rootPath = self.rootPath
        if let threads = self.threads { configuration.threads = threads }
        configuration.timeoutKeepAlive = try Self.limit(self.timeoutKeepAlive, "--timeout-keep-alive")
        configuration.timeoutHeader = try Self.limit(self.timeoutHeader, "--timeout-header")
        configuration.timeoutBody = try Self.limit(self.timeoutBody, "--timeout-body")
        configuration.timeoutWrite = try Self.limit(self.timeoutWrite, "--timeout-write")
        configuration.timeoutGracefulShutdown = try Self.duration(self.timeoutGracefulShutdown, "--timeout-graceful-shutdown")
        configuration.lifespanTimeout = try Self.duration(self.timeoutLifespan, "--timeout-lifespan")
        configuration.backlog = self.backlog
        configuration.limitConcurrency = self.limitConcurrency > 0 ? self.limitConcurrency : nil
        configuration.maxRequestLine = self.maxRequestLine
        configuration.maxHeaderSize = self.maxHeaderSize
        configuration.maxHeaderCount = self.maxHeaderCount
        configuration.maxBodySize = self.maxBodySize > 0 ? self.maxBodySize : nil
        configuration.lifespan = self.lifespan
        configuration.webSocket.maxMessageSize = self.wsMaxSize
        configuration.webSocket.maxQueue = self.wsMaxQueue
        configuration.webSocket.queueTimeout = try Self.duration(self.timeoutWsQueue, "--timeout-ws-queue")
        configuration.webSocket.pingInterval = try Self.limit(self.wsPingInterval, "--ws-ping-interval")
        configuration.webSocket.pingTimeout = try Self.limit(self.wsPingTimeout, "--ws-ping-timeout")
        configuration.webSocket.perMessageDeflate = self.wsPerMessageDeflate
        configuration.webSocket.closeTimeout = try Self.duration(self.timeoutWsClose, "--timeout-ws-close")
        configuration.serverHeader = self.serverHeader ? "pagi" : nil
        configuration.dateHeader = self.dateHeader
        configuration.accessLog = self.noAccessLog ? .off : (self.accessLog == "-" ? .standardError : .file(path: self.accessLog))
        do {
            configuration.accessLogFormat = try AccessLogFormat(self.accessLogFormat)
        } catch {
            throw ValidationError(error.description)
        }
        var logger = Logger(label: "pagi.server")
        logger.logLevel = self.logLevel.level
        configuration.logger = logger
        configuration.rewriteScope = try self.proxyMiddleware()?.resolve
        let http2 = try self.http2.options()
        configuration.http2 = http2
        configuration.connectionSecurity = try self.tls.security(http2: http2?.overTLS ?? false)
        return configuration
    }

    /// The ``ReverseProxy`` whose resolution `--proxy-headers` puts where the server builds
    /// its scopes (``ServerConfiguration/rewriteScope``), or `nil` when it is off. Throws for an invalid `--forwarded-allow-ips`.
    public func proxyMiddleware(environment: [String: String]? = nil) throws -> ReverseProxy? {
        guard self.proxyHeaders else { return nil }
        let environment = environment ?? ProcessInfo.processInfo.environment
        let list = self.forwardedAllowIps ?? environment["FORWARDED_ALLOW_IPS"] ?? "127.0.0.1, ::1"
        do {
            return try ReverseProxy(trustedProxies: list)
        } catch {
            throw ValidationError("--forwarded-allow-ips: \(error.description)")
        }
    }

    public mutating func validate() throws {
        if self.uds != nil && self.fd != nil { throw ValidationError("--uds and --fd cannot be used together") }
        // --host and --port are compared with their defaults: the parser does not say
        // whether they were given.
        if !self.listen.isEmpty && (self.uds != nil || self.fd != nil || self.host != "127.0.0.1" || self.port != 5000) {
            throw ValidationError("--listen replaces --host, --port, --uds and --fd: give one or the other")
        }
        for spec in self.listen { _ = try ServerConfiguration.Binding(listenSpec: spec) }
        for (value, name) in [(self.maxRequestLine, "--max-request-line"), (self.maxHeaderSize, "--max-header-size"), (self.maxHeaderCount, "--max-header-count")] where value <= 0 {
            throw ValidationError("\(name) must be positive")
        }
        if let threads = self.threads, threads <= 0 { throw ValidationError("--threads must be positive") }
        if self.wsMaxSize <= 0 { throw ValidationError("--ws-max-size must be positive") }
        if self.wsMaxQueue <= 0 { throw ValidationError("--ws-max-queue must be positive") }
        if !(0...65535).contains(self.port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    /// A timeout in seconds, where 0 means no limit.
    private static func limit(_ seconds: Double, _ name: String) throws -> Duration? {
        let duration = try Self.duration(seconds, name)
        return duration == .zero ? nil : duration
    }

    private static func duration(_ seconds: Double, _ name: String) throws -> Duration {
        guard seconds >= 0, seconds.isFinite else { throw ValidationError("\(name) must be a number of seconds, 0 or more") }
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// A log level on the command line.
public struct LogLevelArgument: ExpressibleByArgument, Sendable {
    public let level: Logger.Level

    public init?(argument: String) {
        guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
        self.level = level
    }

    public static let info = LogLevelArgument(argument: "info")!
    public var defaultValueDescription: String { self.level.rawValue }
    public static var allValueStrings: [String] { Logger.Level.allCases.map(\.rawValue) }
}

extension ServerConfiguration.LifespanMode: ExpressibleByArgument {}
