public import NIOCore
public import PAGI

/// The body of a test request.
public struct RequestBody: Sendable {
    enum Source: Sendable {
        case bytes(ByteBuffer)
        case chunks([ByteBuffer])
        case stream(AsyncStream<ByteBuffer>)
    }

    let source: Source

    /// No body.
    public static let empty = RequestBody(source: .bytes(ByteBuffer()))

    /// The given bytes, delivered as one `http.request` event (with `content-length`).
    public static func bytes(_ bytes: ByteBuffer) -> RequestBody { RequestBody(source: .bytes(bytes)) }

    /// The UTF-8 bytes of `text`.
    public static func text(_ text: String) -> RequestBody { .bytes(ByteBuffer(string: text)) }

    /// The given pieces, each delivered as its own `http.request` event (sent chunked).
    public static func chunks(_ chunks: [ByteBuffer]) -> RequestBody { RequestBody(source: .chunks(chunks)) }

    /// Pieces produced while the request runs, each delivered as its own `http.request` event
    /// when the application asks for it (sent chunked). The body ends when the stream finishes.
    public static func stream(_ stream: AsyncStream<ByteBuffer>) -> RequestBody { RequestBody(source: .stream(stream)) }

    /// The length a client would announce, or `nil` for a chunked body.
    var contentLength: Int? {
        if case .bytes(let bytes) = self.source { return bytes.readableBytes }
        return nil
    }

    /// Delivers the body through `deliver` as request events built by `makeEvent`, ending
    /// with a piece whose `more` is `false`. Stops when `deliver` reports that input ended.
    func pump(
        _ makeEvent: @escaping @Sendable (ByteBuffer, Bool) -> InboundEvent,
        into deliver: @escaping @Sendable (InboundEvent) async -> Bool
    ) async {
        switch self.source {
        case .bytes(let bytes):
            await _ = deliver(makeEvent(bytes, false))
        case .chunks(let chunks):
            for chunk in chunks {
                guard await deliver(makeEvent(chunk, true)) else { return }
            }
            await _ = deliver(makeEvent(ByteBuffer(), false))
        case .stream(let stream):
            for await chunk in stream {
                guard await deliver(makeEvent(chunk, true)) else { return }
            }
            await _ = deliver(makeEvent(ByteBuffer(), false))
        }
    }
}

extension RequestBody: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}
