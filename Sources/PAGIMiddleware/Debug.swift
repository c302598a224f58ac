import NIOCore
public import PAGI

/// A debug panel at the foot of every HTML page, for development: the request (method, path,
/// query, scheme, HTTP version, client, root path, scope extension keys), its header fields,
/// the response's status and header fields, and the time the application took.
///
/// - `enabled`: `false`, as in Perl: turn it on for development only (it shows header fields,
///   cookies included, to whoever sees the page).
/// - `showHeaders`, `showScope`, `showTiming`: the panel's parts (all `true`).
/// - `maxBodySize`: the most it holds of a page sent in pieces (1 MiB); a page streamed past
///   it (or flushed with `http.fullflush`), a compressed one and a file pass unchanged.
///
/// It needs the whole page, so it holds HTML bodies (up to `maxBodySize`) and fixes their
/// `content-length`. The panel goes before the last `</body>`, or at the end without one.
public struct Debug: Middleware {
    let enabled: Bool
    let showHeaders: Bool
    let showScope: Bool
    let showTiming: Bool
    let maxBodySize: Int

    public init(enabled: Bool = false, showHeaders: Bool = true, showScope: Bool = true, showTiming: Bool = true, maxBodySize: Int = 1 << 20) {
        self.enabled = enabled
        self.showHeaders = showHeaders
        self.showScope = showScope
        self.showTiming = showTiming
        self.maxBodySize = maxBodySize
    }

    public func wrap(_ app: @escaping Application) -> Application {
        guard self.enabled else { return app }
        let debug = self
        return HeldResponse.wrapping(
            app,
            limit: self.maxBodySize,
            hold: { start in
                let type = start.headers[.contentType]?.lowercased() ?? ""
                return type.hasPrefix("text/html") && !start.headers.contains(.contentEncoding)
            },
            complete: { request in
                let started = ContinuousClock.now
                return { start, body in
                    let panel = debug.panel(request: request, response: start, elapsed: ContinuousClock.now - started)
                    body = Self.inserting(panel, into: body)
                    if start.headers.contains(.contentLength) { start.headers.replace(.contentLength, with: ByteString(String(body.readableBytes))) }
                }
            }
        )
    }

    /// The panel's HTML.
    func panel(request: RequestScope, response: ResponseStart, elapsed: Duration) -> String {
        var html = #"<div id="pagi-debug" style="font: 12px monospace; background: #222; color: #eee; padding: 8px; margin-top: 16px"><strong>PAGI debug</strong>"#
        if self.showTiming {
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            html += " · \(String(Int(milliseconds.rounded()))) ms"
        }
        html += " · \(response.status.code)"
        if self.showScope {
            let rows: [(String, String)] = [
                ("method", request.method.rawValue), ("path", request.path), ("query", request.queryString.text),
                ("scheme", request.scheme), ("http_version", request.httpVersion.description),
                ("client", request.client?.description ?? "-"), ("root_path", request.rootPath),
                ("extensions", request.custom.names.joined(separator: ", ")),
            ]
            html += Self.table("Request", rows)
        }
        if self.showHeaders {
            html += Self.table("Request headers", request.headers.map { ($0.name.rawValue, $0.value.text) })
            html += Self.table("Response headers", response.headers.map { ($0.name.rawValue, $0.value.text) })
        }
        return html + "</div>"
    }

    private static func table(_ title: String, _ rows: [(String, String)]) -> String {
        "<details><summary>\(escapeHTML(title))</summary><table>"
            + rows.map { "<tr><td>\(escapeHTML($0.0))</td><td>\(escapeHTML($0.1))</td></tr>" }.joined()
            + "</table></details>"
    }

    /// `body` with `panel` before its last `</body>` (any case), or at its end.
    static func inserting(_ panel: String, into body: ByteBuffer) -> ByteBuffer {
        let bytes = Array(body.readableBytesView)
        let closing = Array("</body>".utf8)
        var position = bytes.count
        if bytes.count >= closing.count {
            for start in stride(from: bytes.count - closing.count, through: 0, by: -1)
            where zip(bytes[start..<start + closing.count], closing).allSatisfy({ ($0 | 0x20) == ($1 | 0x20) }) {
                position = start
                break
            }
        }
        var result = ByteBuffer()
        result.reserveCapacity(bytes.count + panel.utf8.count)
        result.writeBytes(bytes[..<position])
        result.writeString(panel)
        result.writeBytes(bytes[position...])
        return result
    }
}
