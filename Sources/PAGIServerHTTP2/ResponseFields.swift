import NIOCore
import NIOHPACK
import PAGI
import PAGIServer

/// Turns the application's response fields into an HTTP/2 field block: `:status` first,
/// then the application's fields less the connection-specific ones HTTP/2 forbids (RFC 9113
/// §8.2.2), then `date` and `server` as the server adds them on HTTP/1.
struct ResponseFields: Sendable {
    let dateHeader: Bool
    let serverHeader: String?

    /// The fields HTTP/2 does not carry: they describe an HTTP/1 connection.
    static func isConnectionSpecific(_ name: String) -> Bool {
        switch name {
        case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade": return true
        default: return false
        }
    }

    /// The HEADERS block of a response head.
    func head(status: HTTPResponse.Status, headers: Headers, bodyless: Bool) -> HPACKHeaders {
        var block = HPACKHeaders()
        block.reserveCapacity(headers.count + 3)
        block.add(name: ":status", value: String(status.code))
        var hasDate = false
        var hasServer = false
        for field in headers {
            let name = field.name.rawValue
            if Self.isConnectionSpecific(name) { continue }
            if name == "content-length" && bodyless && status.code != 304 { continue }
            if name == "date" { hasDate = true }
            if name == "server" { hasServer = true }
            block.add(name: name, value: field.value.text)
        }
        if self.dateHeader && !hasDate { block.add(name: "date", value: HTTPDate.now) }
        if let server = self.serverHeader, !hasServer { block.add(name: "server", value: server) }
        return block
    }

    /// The HEADERS block of a trailer section.
    static func trailers(_ headers: Headers) -> HPACKHeaders {
        var block = HPACKHeaders()
        for field in headers where !Self.isConnectionSpecific(field.name.rawValue) {
            block.add(name: field.name.rawValue, value: field.value.text)
        }
        return block
    }

    /// A whole plain-text response the server gives on its own (an error).
    func errorResponse(_ status: HTTPResponse.Status, message: String? = nil, headers extra: Headers = [:]) -> (HPACKHeaders, ByteBuffer) {
        let text = message ?? StatusLine.reason(status.code)
        var headers: Headers = ["content-type": "text/plain; charset=utf-8", "content-length": ByteString(String(text.utf8.count))]
        headers.append(contentsOf: extra)
        return (self.head(status: status, headers: headers, bodyless: false), ByteBuffer(string: text))
    }
}
