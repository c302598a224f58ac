import NIOCore
import PAGI

/// Gathers a request's header fields and the facts the server derives from them: body
/// framing, keep-alive, `Expect`, WebSocket upgrade, event-stream accept; joins several
/// `Cookie` fields into one.
struct FieldCollector {
    let version: HTTPVersion
    private var headers = Headers()
    private var contentLength: Int?
    private var transferCodings: [String] = []
    private var hasTransferEncoding = false
    private var hostCount = 0
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var connectionUpgrade = false
    private var expectsContinue = false
    private var cookies: [ByteString] = []
    private var upgradesToWebSocket = false
    private var acceptsEventStream = false

    init(version: HTTPVersion) {
        self.version = version
    }

    mutating func add(_ field: Headers.Field) throws(HTTP1Error) {
        switch field.name.rawValue {
        case "content-length":
            guard self.contentLength == nil else { throw .badRequest("More than one Content-Length") }
            guard let length = Self.parseLength(field.value) else { throw .badRequest("Malformed Content-Length") }
            self.contentLength = length
        case "transfer-encoding":
            self.hasTransferEncoding = true
            let codings = Self.tokens(field.value)
            guard !codings.isEmpty else { throw .badRequest("Empty Transfer-Encoding") }
            // Compared byte for byte: a look-alike such as a Kelvin sign is not `chunked`.
            if let odd = codings.first(where: { !$0.utf8.allSatisfy(HeaderName.isTokenByte) }) {
                throw HTTP1Error(.notImplemented, "Unsupported transfer coding \(String(reflecting: odd))")
            }
            self.transferCodings += codings
        case "host":
            self.hostCount += 1
        case "connection":
            self.connectionClose = self.connectionClose || HeaderList.contains(field.value, "close")
            self.connectionKeepAlive = self.connectionKeepAlive || HeaderList.contains(field.value, "keep-alive")
            self.connectionUpgrade = self.connectionUpgrade || HeaderList.contains(field.value, "upgrade")
        case "expect":
            // The whole value (one element, no list) must be 100-continue.
            guard HeaderList.contains(field.value, "100-continue"), !field.value.containsByte(where: { $0 == UInt8(ascii: ",") }) else {
                throw HTTP1Error(.expectationFailed, "Unsupported expectation \(String(reflecting: field.value.text))")
            }
            self.expectsContinue = true
        case "cookie":
            self.cookies.append(field.value)
            if self.cookies.count > 1 { return }
        case "upgrade":
            if HeaderList.contains(field.value, "websocket") { self.upgradesToWebSocket = true }
        case "accept":
            if HeaderList.contains(field.value, "text/event-stream", ignoringParameters: true) { self.acceptsEventStream = true }
        default:
            break
        }
        self.headers.append(field.name, field.value)
    }

    func makeHead(method: HTTPRequest.Method, version: HTTPVersion, rawPath: ByteBuffer, query: ByteBuffer) throws(HTTP1Error) -> RequestHead {
        if version == .http1_1 && self.hostCount == 0 { throw .badRequest("Missing Host header") }
        if self.hostCount > 1 { throw .badRequest("More than one Host header") }
        var framing = BodyFraming.none
        if self.hasTransferEncoding {
            if self.contentLength != nil { throw .badRequest("Both Content-Length and Transfer-Encoding") }
            if version == .http1_0 { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            guard self.transferCodings.last == "chunked" else {
                if self.transferCodings.contains("chunked") { throw .badRequest("chunked is not the last transfer coding") }
                throw HTTP1Error(.notImplemented, "Unsupported transfer coding \(String(reflecting: self.transferCodings.joined(separator: ", ")))")
            }
            if self.transferCodings.count > 1 {
                if self.transferCodings.dropLast().contains("chunked") { throw .badRequest("chunked applied twice") }
                throw HTTP1Error(.notImplemented, "Unsupported transfer coding \(String(reflecting: self.transferCodings.dropLast().joined(separator: ", ")))")
            }
            framing = .chunked
        } else if let length = self.contentLength, length > 0 {
            framing = .length(length)
        }
        let close = self.connectionClose
        let keepAlive = version == .http1_1 ? !close : (!close && self.connectionKeepAlive)
        var headers = self.headers
        if self.cookies.count > 1 {
            var joined = ByteBuffer()
            for (index, cookie) in self.cookies.enumerated() {
                if index > 0 { joined.writeStaticString("; ") }
                joined.writeByteString(cookie)
            }
            headers.replace(.cookie, with: ByteString(joined))
        }
        return RequestHead(
            method: method,
            version: version,
            rawPath: rawPath,
            query: query,
            headers: headers,
            framing: framing,
            keepAlive: keepAlive,
            expectsContinue: self.expectsContinue && version == .http1_1,
            isWebSocketUpgrade: self.upgradesToWebSocket && self.connectionUpgrade,
            acceptsEventStream: self.acceptsEventStream
        )
    }

    /// Decimal digits only, at most 18 of them (no sign, no spaces, no list).
    private static func parseLength(_ value: ByteString) -> Int? {
        value.withBytes { bytes in
            guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
            var length = 0
            for byte in bytes {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                length = length * 10 + Int(byte - 0x30)
            }
            return length
        }
    }

    /// The comma-separated tokens of a list header, ASCII lower-cased and trimmed; empty ones dropped.
    private static func tokens(_ value: ByteString) -> [String] {
        Self.asciiLowercased(value.text).split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
    }

    /// `text` with only A-Z lower-cased (Unicode case mapping would turn look-alikes into ASCII).
    private static func asciiLowercased(_ text: String) -> String {
        HeaderName(text).rawValue
    }
}
