import Logging
import NIOCore
import NIOPosix
import Synchronization
public import PAGI
public import ServiceLifecycle

/// The reference PAGI server: HTTP/1.0 and 1.1 with SSE and WebSocket, on SwiftNIO; TLS
/// through ``ServerConfiguration/connectionSecurity``, HTTP/2 through
/// ``ServerConfiguration/http2``.
///
/// ```swift
/// let server = PAGIServer(app: myApp, configuration: configuration)
/// try await ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
/// ```
///
/// `run()` runs the lifespan startup, binds every listener, serves until a graceful shutdown (close the
/// listener, let requests in flight finish within the shutdown timeout, end event streams,
/// close the rest), then runs the lifespan shutdown.
public final class PAGIServer: Service, Sendable {
    private let app: Application
    private let configuration: ServerConfiguration
    private let onListening: (@Sendable (NetworkAddress) -> Void)?

    /// A server for `app`; `onListening` is called with each bound address (one call per
    /// listener of ``ServerConfiguration/bindings``) before the first connection is accepted.
    public init(
        app: @escaping Application,
        configuration: ServerConfiguration = ServerConfiguration(),
        onListening: (@Sendable (NetworkAddress) -> Void)? = nil
    ) {
        self.app = app
        self.configuration = configuration
        self.onListening = onListening
    }

    public func run() async throws {
        let configuration = self.configuration
        let logger = configuration.logger
        let accessLog = try AccessLogWriter(configuration.accessLog, format: configuration.accessLogFormat)
        let context = ServerContext(app: self.app, configuration: configuration, state: SharedValues(), accessLog: accessLog)
        let lifespan = try await LifespanRunner.startup(app: self.app, state: context.state, configuration: configuration)
        let ownedGroup = configuration.eventLoopGroup == nil ? MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads)) : nil
        let group = configuration.eventLoopGroup ?? ownedGroup!
        do {
            let listeners = try await self.bindAll(group: group)
            for listener in listeners {
                let address = NetworkAddress(listener.localAddress)
                logger.debug("Listening on \(address.map { "\($0)" } ?? "?")")
                if let address { self.onListening?(address) }
            }
            try await self.serve(ListenerGroup(listeners: listeners), context: context)
        } catch {
            await lifespan?.shutdown()
            try? await ownedGroup?.shutdownGracefully()
            throw error
        }
        await lifespan?.shutdown()
        try await ownedGroup?.shutdownGracefully()
        logger.info("Server stopped")
    }

    /// Accepts connections until a graceful shutdown, then drains them.
    private func serve(_ listener: any ConnectionListener, context: ServerContext) async throws {
        let registry = context.registry
        let timeout = self.configuration.timeoutGracefulShutdown
        let forceClose = ShutdownTimer()
        defer { forceClose.cancel() }
        // The connections run in their own task, so that the end of a graceful shutdown can
        // cancel applications that ignore their disconnect (it inherits the shutdown signal).
        let accepting = Task { try await self.accept(listener, context: context, timeout: timeout, forceClose: forceClose) }
        forceClose.whenFired { accepting.cancel() }
        try await withTaskCancellationHandler {
            try await accepting.value
        } onCancel: {
            // Stopped at once (a second signal): close everything now.
            accepting.cancel()
            listener.close()
            registry.closeAll()
        }
    }

    private func accept(
        _ listener: any ConnectionListener,
        context: ServerContext,
        timeout: Duration,
        forceClose: ShutdownTimer
    ) async throws {
        let registry = context.registry
        // One timeout sweep for every connection (at least every second: WebSockets use it
        // too); it ends with the accept loop.
        let interval = context.configuration.timeouts.checkInterval ?? .seconds(1)
        let sweep = Task { await registry.sweep(every: interval) }
        defer { sweep.cancel() }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { tasks in
                try await listener.acceptConnections { connection in
                    guard let (entry, overLimit) = registry.add(connection.channel, limit: context.configuration.limitConcurrency) else {
                        await connection.close()
                        return
                    }
                    tasks.addTask {
                        await self.handle(connection, entry: entry, overLimit: overLimit, context: context)
                        registry.remove(entry)
                    }
                }
                // The listener is closed: no new connections. Drain the open ones.
                registry.beginShutdown()
            }
        } onGracefulShutdown: {
            context.logger.info("Shutting down: no new connections; waiting for requests in flight (at most \(timeout))")
            listener.close()
            forceClose.start(after: timeout) { registry.closeAll() }
        }
    }

    /// Serves one accepted connection: its handshake first when it is secured, then HTTP/2
    /// when the connection chose it, else HTTP/1.
    private func handle(_ connection: AcceptedConnection, entry: ConnectionRegistry.Entry, overLimit: Bool, context: ServerContext) async {
        guard let http = await self.connect(connection, entry: entry, overLimit: overLimit, context: context) else { return }
        if overLimit { await http.refuseOverLimit() } else { await http.run() }
    }

    /// The connection's HTTP/1 side, once its handshake (if it is secured) is done and its
    /// protocol chosen; `nil` when the handshake failed or the connection was served as
    /// HTTP/2 (here, till it closed). Out of line, so that the handshake's values are not part
    /// of the frame every HTTP/1 connection keeps while it lives.
    @inline(never)
    private func connect(
        _ connection: AcceptedConnection,
        entry: ConnectionRegistry.Entry,
        overLimit: Bool,
        context: ServerContext
    ) async -> HTTP1Connection? {
        var tls: TLSInfo?
        var applicationProtocol: String?
        if let handshake = connection.handshake {
            do {
                let secured = try await handshake.secured()
                tls = secured.tls
                applicationProtocol = secured.applicationProtocol
            } catch {
                context.logger.debug("Connection dropped before it was secured: \(error)")
                await connection.close()
                return nil
            }
        }
        let http1: ConnectionPipe
        switch connection.protocolChoice {
        case .http1(let wrapped):
            http1 = wrapped
        case .held(let hold, let prefaceSeen):
            do {
                let speaksHTTP2 = try await prefaceSeen?.get() ?? (applicationProtocol == "h2")
                if speaksHTTP2, let http2 = context.configuration.http2 {
                    await http2.serve(HTTP2Handoff(channel: connection.channel, context: context, entry: entry, tls: tls, overLimit: overLimit, hold: hold))
                    return nil
                }
                http1 = try await connection.channel.eventLoop.submit {
                    let wrapped = try Self.wrapHTTP1(connection.channel)
                    connection.channel.pipeline.syncOperations.removeHandler(hold.value, promise: nil)
                    return wrapped
                }.get()
            } catch {
                context.logger.debug("Connection dropped before its protocol was known: \(error)")
                connection.channel.close(promise: nil)
                return nil
            }
        }
        return HTTP1Connection(pipe: http1, context: context, entry: entry, tls: tls)
    }

    /// The HTTP/1 side of a connection: a pipe for its bytes.
    private static func wrapHTTP1(_ channel: any Channel) throws -> ConnectionPipe {
        try ConnectionPipe(wrappingSynchronously: channel)
    }

    /// Binds every listener before any serves; when one fails, closes those bound before it
    /// and throws a ``BindingError`` naming it.
    private func bindAll(group: MultiThreadedEventLoopGroup) async throws -> [any ConnectionListener] {
        var listeners: [any ConnectionListener] = []
        for binding in self.configuration.bindings {
            do {
                listeners.append(try await self.bind(binding, group: group))
            } catch {
                for listener in listeners { listener.close() }
                throw BindingError(binding: binding, underlying: error)
            }
        }
        return listeners
    }

    private func bind(_ binding: ServerConfiguration.Binding, group: MultiThreadedEventLoopGroup) async throws -> any ConnectionListener {
        let configuration = self.configuration
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Int32(configuration.backlog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.maxMessagesPerRead, value: 64)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
        if binding.isTCP {
            bootstrap = bootstrap.childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
        }
        if configuration.reusePort {
            bootstrap = bootstrap.serverChannelOption(.reusePort, value: 1)
        }
        let security = configuration.connectionSecurity
        // Whether the protocol is chosen per connection (HTTP/2 is on for this kind of
        // connection); otherwise every connection speaks HTTP/1 from its first byte.
        let choosesProtocol = configuration.http2.map { security == nil ? $0.servesCleartext : $0.servesTLS } ?? false
        let prefaceTimeout = configuration.timeoutKeepAlive
        let initialize: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                // The security handlers go first, so that what follows reads plaintext.
                let handshake = try security?.secure(channel)
                guard choosesProtocol else {
                    return AcceptedConnection(channel: channel, protocolChoice: .http1(try Self.wrapHTTP1(channel)), handshake: handshake)
                }
                let prefaceSeen = handshake == nil ? channel.eventLoop.makePromise(of: Bool.self) : nil
                let hold = ProtocolHold(decision: prefaceSeen)
                try channel.pipeline.syncOperations.addHandler(hold)
                if let prefaceSeen, let prefaceTimeout {
                    // A client that sends nothing is closed, as an idle HTTP/1 one is.
                    let timeout = channel.eventLoop.scheduleTask(in: TimeAmount(prefaceTimeout)) {
                        channel.close(promise: nil)
                    }
                    prefaceSeen.futureResult.whenComplete { _ in timeout.cancel() }
                }
                return AcceptedConnection(
                    channel: channel,
                    protocolChoice: .held(NIOLoopBound(hold, eventLoop: channel.eventLoop), prefaceSeen: prefaceSeen?.futureResult),
                    handshake: handshake
                )
            }
        }
        switch binding {
        case .tcp(let host, let port):
            return try await bootstrap.bind(host: host, port: port, childChannelInitializer: initialize)
        case .unixSocket(let path):
            return try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initialize)
        case .fileDescriptor(let descriptor) where configuration.listenerIsShared:
            return SharedListener(descriptor: descriptor, group: group, tcpNoDelay: binding.isTCP, initialize: initialize)
        case .fileDescriptor(let descriptor):
            return try await bootstrap.bind(descriptor, childChannelInitializer: initialize)
        }
    }
}

/// A connection as the listener hands it over: the channel, how its protocol is chosen, and
/// its handshake when the server secures its connections.
struct AcceptedConnection: Sendable {
    /// How the connection's protocol is chosen.
    enum ProtocolChoice: Sendable {
        /// HTTP/1 only: the connection's pipe.
        case http1(ConnectionPipe)
        /// Chosen once the handshake is done (ALPN) or the first bytes are in (`prefaceSeen`
        /// in cleartext); the hold keeps the bytes read meanwhile.
        case held(NIOLoopBound<ProtocolHold>, prefaceSeen: EventLoopFuture<Bool>?)
    }

    let channel: any Channel
    let protocolChoice: ProtocolChoice
    let handshake: (any ConnectionHandshake)?

    /// Closes the connection without serving it.
    func close() async {
        if case .http1(let wrapped) = self.protocolChoice {
            await wrapped.close()
        } else {
            self.channel.close(promise: nil)
        }
    }
}

/// Closes what a graceful shutdown left open once its time is up, and cancels the
/// applications still running.
private final class ShutdownTimer: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let fired = Mutex<(@Sendable () -> Void)?>(nil)

    /// Also runs `action` when the time is up.
    func whenFired(_ action: @escaping @Sendable () -> Void) {
        self.fired.withLock { $0 = action }
    }

    func start(after timeout: Duration, _ action: @escaping @Sendable () -> Void) {
        let task = Task {
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            action()
            self.fired.withLock { $0 }?()
        }
        self.task.withLock { $0 = task }
    }

    func cancel() { self.task.withLock { $0 }?.cancel() }
}
