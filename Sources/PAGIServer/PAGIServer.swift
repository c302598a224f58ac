import Logging
import NIOCore
import NIOPosix
import Synchronization
public import PAGI
public import ServiceLifecycle

/// The reference PAGI server: HTTP/1.0 and 1.1 with SSE and WebSocket, on SwiftNIO; TLS
/// through ``ServerConfiguration/connectionSecurity``.
///
/// ```swift
/// let server = PAGIServer(app: myApp, configuration: configuration)
/// try await ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
/// ```
///
/// `run()` runs the lifespan startup, binds, serves until a graceful shutdown (close the
/// listener, let requests in flight finish within the shutdown timeout, end event streams,
/// close the rest), then runs the lifespan shutdown.
public final class PAGIServer: Service, Sendable {
    private let app: Application
    private let configuration: ServerConfiguration
    private let onListening: (@Sendable (NetworkAddress) -> Void)?

    /// A server for `app`; `onListening` is called with the bound address before the first
    /// connection is accepted.
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
            let listener = try await self.bind(group: group)
            let address = NetworkAddress(listener.localAddress)
            logger.debug("Listening on \(address.map { "\($0)" } ?? "?")")
            if let address { self.onListening?(address) }
            try await self.serve(listener, context: context)
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
                    guard let (entry, overLimit) = registry.add(connection.channel.channel, limit: context.configuration.limitConcurrency) else {
                        try? await connection.channel.executeThenClose { _, _ in }
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

    /// Serves one accepted connection: its handshake first when it is secured, then HTTP/1.
    private func handle(_ connection: AcceptedConnection, entry: ConnectionRegistry.Entry, overLimit: Bool, context: ServerContext) async {
        guard let http = await self.connect(connection, entry: entry, context: context) else { return }
        if overLimit { await http.refuseOverLimit() } else { await http.run() }
    }

    /// The connection's HTTP/1 side, once its handshake (if it is secured) is done; `nil`
    /// when the handshake failed. Out of line, so that the handshake's values are not part of
    /// the frame every connection keeps while it lives.
    @inline(never)
    private func connect(_ connection: AcceptedConnection, entry: ConnectionRegistry.Entry, context: ServerContext) async -> HTTP1Connection? {
        var tls: TLSInfo?
        if let handshake = connection.handshake {
            do {
                tls = try await handshake.secured().tls
            } catch {
                context.logger.debug("Connection dropped before it was secured: \(error)")
                try? await connection.channel.executeThenClose { _, _ in }
                return nil
            }
        }
        return HTTP1Connection(channel: connection.channel, context: context, entry: entry, tls: tls)
    }

    private func bind(group: MultiThreadedEventLoopGroup) async throws -> any ConnectionListener {
        let configuration = self.configuration
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Int32(configuration.backlog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.maxMessagesPerRead, value: 64)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
        if configuration.binding.isTCP {
            bootstrap = bootstrap.childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
        }
        if configuration.reusePort {
            bootstrap = bootstrap.serverChannelOption(.reusePort, value: 1)
        }
        let security = configuration.connectionSecurity
        let initialize: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                // The security handlers go first, so that the async channel reads plaintext.
                let handshake = try security?.secure(channel)
                let wrapped = try NIOAsyncChannel<ByteBuffer, IOData>(
                    wrappingChannelSynchronously: channel,
                    configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 16))
                )
                return AcceptedConnection(channel: wrapped, handshake: handshake)
            }
        }
        switch configuration.binding {
        case .tcp(let host, let port):
            return try await bootstrap.bind(host: host, port: port, childChannelInitializer: initialize)
        case .unixSocket(let path):
            return try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initialize)
        case .fileDescriptor(let descriptor) where configuration.listenerIsShared:
            return SharedListener(descriptor: descriptor, group: group, tcpNoDelay: configuration.binding.isTCP, initialize: initialize)
        case .fileDescriptor(let descriptor):
            return try await bootstrap.bind(descriptor, childChannelInitializer: initialize)
        }
    }
}

/// A connection as the listener hands it over: the channel, and its handshake when the
/// server secures its connections.
struct AcceptedConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, IOData>
    let handshake: (any ConnectionHandshake)?
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
