import NIOCore
import PAGI

/// How a request's body is delimited on the wire.
enum BodyFraming: Equatable, Sendable {
    /// No body.
    case none
    /// `Content-Length` bytes.
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}

/// A parsed HTTP/1.x request head, with the framing and connection facts the server needs.
struct RequestHead: Sendable {
    var method: HTTPRequest.Method
    var version: HTTPVersion
    /// The path bytes of the request target, as received (`/` for `*` and absolute-form
    /// targets without a path).
    var rawPath: ByteBuffer
    /// The bytes after the first `?`, as received.
    var query: ByteBuffer
    var headers: Headers
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
    var isWebSocketUpgrade: Bool
    var acceptsEventStream: Bool
}
