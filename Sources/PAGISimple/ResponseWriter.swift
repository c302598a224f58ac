public import HTTPTypes
public import NIOCore
import PAGI
import Synchronization

/// Writes a streamed response's body: what a ``Response/stream(status:contentType:_:)``
/// producer receives. Each write waits until the server has taken the bytes (backpressure: a
/// slow client slows the producer down), and throws when the client has gone.
public struct ResponseWriter: Sendable {
    /// Shared by the writer's copies.
    private final class Counter: Sendable {
        let bytes = Atomic<Int>(0)
    }

    private let send: Send
    private let counter = Counter()

    init(_ send: @escaping Send) {
        self.send = send
    }

    /// Sends `bytes` now.
    public func write(_ bytes: ByteBuffer) async throws {
        guard bytes.readableBytes > 0 else { return }
        try await self.send(.httpResponseBody(bytes, more: true))
        self.counter.bytes.add(bytes.readableBytes, ordering: .relaxed)
    }

    /// Sends `text` as UTF-8.
    public func write(_ text: String) async throws {
        try await self.write(ByteBuffer(string: text))
    }

    /// Sends `text` and a newline.
    public func writeLine(_ text: String = "") async throws {
        try await self.write(text + "\n")
    }

    /// The body bytes sent so far.
    public var bytesWritten: Int { self.counter.bytes.load(ordering: .relaxed) }
}

extension Response {
    /// A body written by `producer` as it goes (chunked on HTTP/1.1, no `content-length`).
    /// The producer runs after the head is sent; for `HEAD` it does not run at all. An error
    /// it throws after the first byte cannot become an error page: the response is cut short,
    /// which the client sees as a failed transfer.
    ///
    /// ```swift
    /// app.get("/countdown") { _ in
    ///     .stream { writer in
    ///         for i in (1...5).reversed() {
    ///             try await writer.writeLine("\(i)...")
    ///             try await Task.sleep(for: .seconds(1))
    ///         }
    ///         try await writer.writeLine("Liftoff!")
    ///     }
    /// }
    /// ```
    public static func stream(
        status: HTTPResponse.Status = .ok,
        contentType: String = "text/plain; charset=utf-8",
        _ producer: @escaping @Sendable (ResponseWriter) async throws -> Void
    ) -> Response {
        Response(status: status, headers: ["content-type": ByteString(contentType)], body: .stream(producer))
    }

    /// A body streamed from `pieces` as they come, `delay` apart (an iterator, a generator, a
    /// database cursor).
    public static func stream<Pieces: AsyncSequence & Sendable>(
        from pieces: Pieces,
        status: HTTPResponse.Status = .ok,
        contentType: String = "application/octet-stream",
        delay: Duration = .zero
    ) -> Response where Pieces.Element == ByteBuffer {
        .stream(status: status, contentType: contentType) { writer in
            var first = true
            for try await piece in pieces {
                if !first && delay > .zero { try await Task.sleep(for: delay) }
                first = false
                try await writer.write(piece)
            }
        }
    }

    /// Text pieces streamed from `pieces` as UTF-8 (see ``stream(from:status:contentType:delay:)-(ByteBuffer)``).
    public static func stream<Pieces: AsyncSequence & Sendable>(
        from pieces: Pieces,
        status: HTTPResponse.Status = .ok,
        contentType: String = "text/plain; charset=utf-8",
        delay: Duration = .zero
    ) -> Response where Pieces.Element == String {
        .stream(from: pieces.map { ByteBuffer(string: $0) }, status: status, contentType: contentType, delay: delay)
    }

    /// Text pieces known in advance (an array of lines), sent `delay` apart.
    public static func stream<Pieces: Sequence & Sendable>(
        from pieces: Pieces,
        status: HTTPResponse.Status = .ok,
        contentType: String = "text/plain; charset=utf-8",
        delay: Duration = .zero
    ) -> Response where Pieces.Element == String {
        .stream(from: AsyncPieces(pieces), status: status, contentType: contentType, delay: delay)
    }
}

/// A `Sequence` read as an `AsyncSequence`, one element at a time (it may be lazy or endless).
struct AsyncPieces<Base: Sequence & Sendable>: AsyncSequence, Sendable {
    let base: Base

    init(_ base: Base) { self.base = base }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.Iterator
        mutating func next() async -> Base.Element? { self.base.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self.base.makeIterator()) }
}
