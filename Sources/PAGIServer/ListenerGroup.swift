import NIOCore

/// A listener of ``ServerConfiguration/bindings`` could not be bound; the listeners bound
/// before it are closed again, and nothing served.
public struct BindingError: Error, CustomStringConvertible {
    /// The listener that failed.
    public let binding: ServerConfiguration.Binding
    /// Why: usually NIO's `IOError`, whose `errnoCode` says what the system refused.
    public let underlying: any Error

    public var description: String { "cannot listen on \(self.binding): \(self.underlying)" }
}

extension ServerConfiguration.Binding: CustomStringConvertible {
    /// The listener as a user wrote it: `127.0.0.1:8000`, `[::1]:8000`, a socket path, or
    /// `file descriptor 3`.
    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unixSocket(let path): path
        case .fileDescriptor(let descriptor): "file descriptor \(descriptor)"
        }
    }
}

/// Several listeners served as one: their connections arrive in one sequence, so that they
/// share the connection registry, the limits and the graceful shutdown.
struct ListenerGroup: ConnectionListener {
    let listeners: [any ConnectionListener]

    var localAddress: SocketAddress? { self.listeners.first?.localAddress }

    /// Each listener accepts in a task of its own and hands its connections over here; ends
    /// when every listener is closed, or throws the first listener's error (closing the rest).
    func acceptConnections(_ body: (AcceptedConnection) async throws -> Void) async throws {
        if self.listeners.count == 1 {
            try await self.listeners[0].acceptConnections(body)
            return
        }
        let (connections, continuation) = AsyncThrowingStream.makeStream(of: AcceptedConnection.self)
        let accepting = Task {
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for listener in self.listeners {
                        group.addTask { try await listener.acceptConnections { _ = continuation.yield($0) } }
                    }
                    try await group.waitForAll()
                }
                continuation.finish()
            } catch {
                self.close()
                continuation.finish(throwing: error)
            }
        }
        defer {
            accepting.cancel()
            self.close()
        }
        try await withTaskCancellationHandler {
            for try await connection in connections { try await body(connection) }
        } onCancel: {
            accepting.cancel()
        }
    }

    func close() {
        for listener in self.listeners { listener.close() }
    }
}
