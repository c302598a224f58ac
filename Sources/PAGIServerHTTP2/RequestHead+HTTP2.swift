import NIOCore
import NIOHPACK
import PAGI
import PAGIServer

extension RequestHead {
    /// The request a stream's HEADERS describe (RFC 9113 §8.3): the pseudo-header fields
    /// become the method and target, `:authority` becomes `host` (first, replacing any
    /// `host` field), cookie crumbs are joined with `; ` (§8.2.3), and the other fields keep
    /// their order. NIOHTTP2 has already refused malformed blocks (upper-case names,
    /// connection-specific fields, `TE` other than `trailers`, missing pseudo-fields).
    /// Returns the `:scheme` too. Throws a 400 for what NIOHTTP2 lets through.
    ///
    /// An extended CONNECT (RFC 8441) with `:protocol websocket` becomes a WebSocket
    /// handshake, shown to the application as HTTP/1's GET upgrade is; NIOHTTP2 lets
    /// `:protocol` through only when the server sent SETTINGS_ENABLE_CONNECT_PROTOCOL. Any
    /// other CONNECT (a tunnel, another protocol) is refused with 501, as over HTTP/1.
    static func http2(_ block: HPACKHeaders, maxHeaderCount: Int) throws(HTTP1Error) -> (RequestHead, scheme: String) {
        var method: HTTPRequest.Method?
        var scheme = "http"
        var target: ByteBuffer?
        var authority: String?
        var headers = Headers()
        var cookies: [String] = []
        var acceptsEventStream = false
        var contentLength: Int?
        var connectProtocol: String?
        for (name, value, _) in block {
            if name.utf8.first == UInt8(ascii: ":") {
                switch name {
                case ":method": method = HTTPRequest.Method(value)
                case ":scheme": scheme = value
                case ":path": target = ByteBuffer(string: value)
                case ":authority": authority = value
                case ":protocol": connectProtocol = value
                default: throw .badRequest("Unknown pseudo-header field \(name)")
                }
                continue
            }
            switch name {
            case "cookie":
                cookies.append(value)
                continue
            case "host" where authority != nil:
                continue
            case "accept":
                if HeaderList.contains(ByteString(value), "text/event-stream", ignoringParameters: true) { acceptsEventStream = true }
            case "content-length":
                contentLength = Int(value)
            default:
                break
            }
            headers.append(HeaderName(name), ByteString(value))
        }
        guard var method else { throw .badRequest("Missing or invalid :method") }
        let isWebSocket = method == .connect && connectProtocol == "websocket"
        if method == .connect {
            guard isWebSocket else { throw HTTP1Error(.notImplemented, "CONNECT is supported only for WebSocket (RFC 8441)") }
            method = .get
        } else if connectProtocol != nil {
            throw .badRequest(":protocol is allowed only with CONNECT")
        }
        guard let target else { throw .badRequest("Missing :path") }
        if let authority {
            headers.removeAll { $0.name == .host }
            headers = Headers([Headers.Field(name: .host, value: ByteString(authority))] + Array(headers))
        }
        if !cookies.isEmpty { headers.append(.cookie, ByteString(cookies.joined(separator: "; "))) }
        guard headers.count <= maxHeaderCount else { throw HTTP1Error(.requestHeaderFieldsTooLarge, "Too many header fields") }
        let (rawPath, query) = try HTTP1HeadParser.splitTarget(target, method: method)
        let head = RequestHead(
            method: method,
            version: .http2,
            rawPath: rawPath,
            query: query,
            headers: headers,
            // A WebSocket's stream carries frames, not a body.
            framing: isWebSocket ? .none : contentLength.map { .length($0) } ?? .chunked,
            keepAlive: true,
            expectsContinue: false,
            isWebSocketUpgrade: isWebSocket,
            acceptsEventStream: acceptsEventStream
        )
        return (head, scheme)
    }
}
