#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import Synchronization

/// Where the server's connections come from: NIO's server channel, or a socket shared with
/// other processes (``SharedListener``).
protocol ConnectionListener: Sendable {
    /// The address the socket is bound to.
    var localAddress: SocketAddress? { get }
    /// Calls `body` with each accepted connection until the listener is closed.
    func acceptConnections(_ body: (AcceptedConnection) async throws -> Void) async throws
    /// Stops accepting; ``acceptConnections(_:)`` then returns.
    func close()
}

extension NIOAsyncChannel: ConnectionListener where Inbound == AcceptedConnection, Outbound == Never {
    var localAddress: SocketAddress? { self.channel.localAddress }

    func acceptConnections(_ body: (AcceptedConnection) async throws -> Void) async throws {
        try await self.executeThenClose { connections in
            for try await connection in connections { try await body(connection) }
        }
    }

    func close() { self.channel.close(promise: nil) }
}

/// A listening socket that other processes accept on too: a supervisor's workers
/// (``ServerConfiguration/listenerIsShared``). Every process's event loop would wake for
/// each new connection and all but one find nothing to accept, which NIO does not expect
/// (debug builds stop on an assertion). So a thread of its own polls and accepts, and the
/// accepted socket is handed to NIO as a connected one.
final class SharedListener: ConnectionListener {
    private let descriptor: Int32
    private let group: MultiThreadedEventLoopGroup
    private let tcpNoDelay: Bool
    private let initialize: @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection>
    private let stopped = Atomic(false)

    init(descriptor: Int32, group: MultiThreadedEventLoopGroup, tcpNoDelay: Bool, initialize: @escaping @Sendable (any Channel) -> EventLoopFuture<AcceptedConnection>) {
        self.descriptor = descriptor
        self.group = group
        self.tcpNoDelay = tcpNoDelay
        self.initialize = initialize
    }

    var localAddress: SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) { pointer -> SocketAddress? in
            let bound = pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(self.descriptor, $0, &length) }
            guard bound == 0 else { return nil }
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET: return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { SocketAddress($0.pointee) }
            case AF_INET6: return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { SocketAddress($0.pointee) }
            case AF_UNIX: return pointer.withMemoryRebound(to: sockaddr_un.self, capacity: 1) { SocketAddress($0.pointee) }
            default: return nil
            }
        }
    }

    func acceptConnections(_ body: (AcceptedConnection) async throws -> Void) async throws {
        let (accepted, continuation) = AsyncStream.makeStream(of: Int32.self)
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        thread.submit { _ in
            self.acceptUntilClosed { continuation.yield($0) }
            continuation.finish()
        }
        var bootstrap = ClientBootstrap(group: self.group).channelOption(.allowRemoteHalfClosure, value: false)
        if self.tcpNoDelay { bootstrap = bootstrap.channelOption(.tcpOption(.tcp_nodelay), value: 1) }
        do {
            for await socket in accepted {
                // A connection reset before it was registered is simply gone.
                guard let connection = try? await bootstrap.withConnectedSocket(socket, channelInitializer: self.initialize) else { continue }
                try await body(connection)
            }
        } catch {
            self.close()
            try? await thread.shutdownGracefully()
            throw error
        }
        // Cancelled rather than closed: the thread stops too.
        self.close()
        try? await thread.shutdownGracefully()
    }

    func close() { self.stopped.store(true, ordering: .relaxed) }

    /// Polls at most 100 ms at a time, so that ``close()`` is seen promptly; the socket is
    /// non-blocking, so losing a race for a connection to another process costs nothing.
    private func acceptUntilClosed(_ deliver: (Int32) -> Void) {
        _ = fcntl(self.descriptor, F_SETFL, fcntl(self.descriptor, F_GETFL) | O_NONBLOCK)
        while !self.stopped.load(ordering: .relaxed) {
            var ready = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 100) > 0 else { continue }
            let socket = accept(self.descriptor, nil, nil)
            if socket >= 0 {
                _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
                deliver(socket)
            } else if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                usleep(100_000)  // out of descriptors or memory: let connections close first
            }
        }
    }
}
