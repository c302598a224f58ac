public import HTTPTypes
public import NIOCore
public import PAGI

/// A response read piece by piece, while the application is still producing it. The
/// application's `send` waits while an unread piece is pending, so a test sees the same
/// backpressure a slow client causes.
public final class TestResponseStream: Sendable {
    private let exchange: HTTPExchange

    /// The status.
    public let status: HTTPResponse.Status
    /// The headers.
    public let headers: Headers

    init(exchange: HTTPExchange, status: HTTPResponse.Status, headers: Headers) {
        self.exchange = exchange
        self.status = status
        self.headers = headers
    }

    /// The next non-empty body piece; `nil` once the response is complete or the application
    /// returned.
    public func nextChunk() async throws -> ByteBuffer? {
        while let (_, chunk) = try await self.exchange.next() {
            if let chunk, chunk.readableBytes > 0 { return chunk }
            if self.exchange.response?.isComplete == true { return nil }
        }
        return nil
    }

    /// Reads the rest and returns the whole response.
    public func finish() async throws -> TestResponse {
        try await self.exchange.finish()
    }

    /// Simulates the client going away now: the application receives `http.disconnect`
    /// (reason `client_closed`), its connection state reports the disconnect, and its later
    /// sends are no-ops. Waits for the application to return and gives what was received.
    @discardableResult
    public func disconnect() async throws -> TestResponse {
        self.exchange.clientLeft()
        return try await self.exchange.conclude()
    }
}
