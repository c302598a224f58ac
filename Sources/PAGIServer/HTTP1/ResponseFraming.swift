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
struct ResponseSerializer: Sendable {
    let version: HTTPVersion
    let dateHeader: Bool
    /// `server: <name>\r\n`, encoded once.
    private let serverField: ByteBuffer?

    init(version: HTTPVersion, dateHeader: Bool, serverHeader: String?) {
        self.version = version
        self.dateHeader = dateHeader
        self.serverField = serverHeader.map { ByteBuffer(string: "server: \($0)\r\n") }
    }

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
        case .length(let length):
            buffer.writeStaticString("content-length: ")
            buffer.writeDecimal(length)
            buffer.writeStaticString("\r\n")
        case .chunked: buffer.writeStaticString("transfer-encoding: chunked\r\n")
        case .noBody, .declaredLength, .untilClose: break
        }
        if self.dateHeader && !hasDate { HTTPDate.writeField(into: &buffer) }
        if var server = self.serverField, !hasServer { buffer.writeBuffer(&server) }
        if status.code == 101 {
            buffer.writeStaticString("connection: upgrade\r\n")  // The connection changes protocol.
        } else if self.version == .http1_1 {
            if !keepAlive { buffer.writeStaticString("connection: close\r\n") }
        } else if keepAlive {
            buffer.writeStaticString("connection: keep-alive\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    /// The head as a new buffer, sized so that most heads take one allocation.
    func head(status: HTTPResponse.Status, headers: Headers, framing: ResponseFraming, keepAlive: Bool) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(256)
        self.writeHead(status: status, headers: headers, framing: framing, keepAlive: keepAlive, into: &buffer)
        return buffer
    }

    /// A whole plain-text response the server gives on its own (an error), closing the connection.
    func errorResponse(_ status: HTTPResponse.Status, message: String? = nil, headers extra: Headers = [:]) -> ByteBuffer {
        let text = message ?? StatusLine.reason(status.code)
        var headers: Headers = ["content-type": "text/plain; charset=utf-8", "content-length": ByteString(String(text.utf8.count))]
        headers.append(contentsOf: extra)
        var buffer = self.head(status: status, headers: headers, framing: .declaredLength(text.utf8.count), keepAlive: false)
        buffer.writeString(text)
        return buffer
    }

    /// The chunk-size line for `count` bytes.
    static func chunkHeader(_ count: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(18)
        buffer.writeDigits(count, radix: 16)
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// `body` framed as one chunk: copied into a single buffer with its size line when small
    /// (one allocation and one iovec instead of three: SSE events and streamed pieces are
    /// mostly small), framed in place when large (no copy).
    static func chunk(_ body: IOData) -> [IOData] {
        let length = body.readableBytes
        if case .byteBuffer(let bytes) = body, length <= Self.copiedChunkLimit {
            var framed = ByteBuffer()
            framed.reserveCapacity(length + 12)
            framed.writeDigits(length, radix: 16)
            framed.writeStaticString("\r\n")
            framed.writeImmutableBuffer(bytes)
            framed.writeStaticString("\r\n")
            return [.byteBuffer(framed)]
        }
        return [.byteBuffer(Self.chunkHeader(length)), body, .byteBuffer(Self.crlf)]
    }

    /// The largest chunk body copied next to its size line.
    static let copiedChunkLimit = 4096

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

extension ByteBuffer {
    /// Writes a non-negative integer in decimal, without making a string first.
    mutating func writeDecimal(_ value: Int) {
        self.writeDigits(value, radix: 10)
    }

    /// Writes a non-negative integer in `radix` (lower-case letters above 9).
    mutating func writeDigits(_ value: Int, radix: Int) {
        precondition(value >= 0 && (2...16).contains(radix))
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for any Int in decimal (19 digits).
        let count = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var remaining = value
            var index = scratch.count
            repeat {
                index -= 1
                let digit = remaining % radix
                scratch[index] = UInt8(digit < 10 ? 0x30 + digit : 0x57 + digit)
                remaining /= radix
            } while remaining > 0
            return scratch.count - index
        }
        withUnsafeBytes(of: &digits) { scratch in
            _ = self.writeBytes(UnsafeRawBufferPointer(rebasing: scratch[(scratch.count - count)...]))
        }
    }
}
