/// A service that needs to be told when its life ends: close a connection pool, flush a
/// buffer, return a pooled connection.
///
/// ```swift
/// final class Database: SimpleService {
///     func shutdown() async throws { try await self.pool.close() }
/// }
/// ```
///
/// A singleton's `shutdown()` runs at lifespan shutdown (newest singleton first), a per-request
/// instance's once the response has been sent (even when the handler threw). Factory instances
/// belong to the caller and are never shut down by the application. An error thrown here is
/// logged; at lifespan shutdown it also makes the application answer `lifespan.shutdown.failed`.
public protocol SimpleService: Sendable {
    /// Releases what the service holds; called once, at the end of its lifetime.
    func shutdown() async throws
}
