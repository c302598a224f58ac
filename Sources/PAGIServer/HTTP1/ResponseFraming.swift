import NIOCore
import PAGI

/// How a response body is delimited on the wire.
enum ResponseFraming: Equatable, Sendable {
    /// No body may follow (1xx, 204, 304).
    case noBody
    /// A `Content-Length` the server computed (the first body event was the last).
    case length(Int)
    /// A `Content-Length` the application set.
    case declaredLength(Int)
    /// `Transfer-Encoding: chunked` (HTTP/1.1).
    case chunked
    /// The body ends when the connection closes (HTTP/1.0 without a length).
    case untilClose

    /// Whether the connection must close after this response.
    var closesConnection: Bool { self == .untilClose }
}

/// Writes the bytes of response heads, chunks and error responses.
struct ResponseSerializer {
    let version: HTTPVersion
    let dateHeader: Bool
    let serverHeader: String?

    /// Writes the status line and headers: the application's (without `transfer-encoding` and
    /// `connection`, which the server manages), then framing, `date`, `server` and
    /// `connection` as needed.
    func writeHead(
        status: HTTPResponse.Status,
        headers: Headers,
        framing: ResponseFraming,
        keepAlive: Bool,
        into buffer: inout ByteBuffer
    ) {
        buffer.writeString(StatusLine.line(status, version: self.version))
        var hasDate = false
        var hasServer = false
        for field in headers {
            switch field.name.rawValue {
            case "transfer-encoding", "connection": continue
            case "content-length" where framing == .noBody && status.code != 304: continue
            case "date": hasDate = true
            case "server": hasServer = true
            default: break
            }
            Self.writeField(field.name.rawValue, field.value, into: &buffer)
        }
        switch framing {
        case .length(let length): Self.writeField("content-length", ByteString(String(length)), into: &buffer)
        case .chunked: buffer.writeStaticString("transfer-encoding: chunked\r\n")
        case .noBody, .declaredLength, .untilClose: break
        }
        if self.dateHeader && !hasDate { Self.writeField("date", ByteString(HTTPDate.now()), into: &buffer) }
        if let server = self.serverHeader, !hasServer { Self.writeField("server", ByteString(server), into: &buffer) }
        if self.version == .http1_1 {
            if !keepAlive { buffer.writeStaticString("connection: close\r\n") }
        } else if keepAlive {
            buffer.writeStaticString("connection: keep-alive\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    /// A whole plain-text response the server gives on its own (an error), closing the connection.
    func errorResponse(_ status: HTTPResponse.Status, message: String? = nil, headers extra: Headers = [:]) -> ByteBuffer {
        let text = message ?? StatusLine.reason(status.code)
        var buffer = ByteBuffer()
        var headers: Headers = ["content-type": "text/plain; charset=utf-8", "content-length": ByteString(String(text.utf8.count))]
        headers.append(contentsOf: extra)
        self.writeHead(
            status: status,
            headers: headers,
            framing: .declaredLength(text.utf8.count),
            keepAlive: false,
            into: &buffer
        )
        buffer.writeString(text)
        return buffer
    }

    /// The chunk-size line for `count` bytes.
    static func chunkHeader(_ count: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(String(count, radix: 16))
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// The last chunk and the trailer section.
    static func lastChunk(trailers: Headers = [:]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeStaticString("0\r\n")
        for field in trailers { writeField(field.name.rawValue, field.value, into: &buffer) }
        buffer.writeStaticString("\r\n")
        return buffer
    }

    static let crlf = ByteBuffer(string: "\r\n")

    private static func writeField(_ name: String, _ value: ByteString, into buffer: inout ByteBuffer) {
        buffer.writeString(name)
        buffer.writeStaticString(": ")
        buffer.writeByteString(value)
        buffer.writeStaticString("\r\n")
    }
}
