import NIOCore
public import PAGI

/// Hands file responses to the front proxy, which then sends the bytes itself (Plack's
/// trick): a response whose body is a whole file (`http.response.body` with `file`, offset 0)
/// goes out with an empty body and a header naming the file, and the proxy serves it with
/// its own `sendfile`, ranges and caching.
///
/// - `type`: ``Kind/accelRedirect(mapping:)`` for nginx (`X-Accel-Redirect`: the file's path
///   mapped to an `internal` location's URI), ``Kind/sendfile`` for Apache's mod_xsendfile
///   (`X-Sendfile`: the absolute path), ``Kind/lighttpd`` (`X-Lighttpd-Send-File`).
/// - `variation`: a field name added to `Vary` on delegated responses (Perl's option), for
///   caches between the proxy and the client.
///
/// Passed through unchanged, for the server to send: part of a file (an `offset` or a 206,
/// since proxies take a whole file: let the proxy answer `Range` itself), an open file
/// descriptor, and a path no mapping covers. Put it in front of the app that makes file
/// responses (`Static`, Simple's `.file`), and configure the proxy (docs/middleware.md).
public struct XSendfile: Middleware {
    /// Which proxy, and so which header.
    public enum Kind: Sendable {
        /// nginx: `X-Accel-Redirect` with the URI the path maps to: `mapping` pairs a
        /// file-system prefix with a URI prefix (`"/var/www/files/": "/protected/"`), the
        /// longest prefix first.
        case accelRedirect(mapping: [String: String])
        /// Apache mod_xsendfile: `X-Sendfile` with the absolute path.
        case sendfile
        /// lighttpd: `X-Lighttpd-Send-File` with the absolute path.
        case lighttpd
    }

    let kind: Kind
    let variation: String?
    /// `accelRedirect`'s mapping, longest file-system prefix first.
    let mapping: [(path: String, uri: String)]

    public init(type: Kind, variation: String? = nil) {
        self.kind = type
        self.variation = variation
        if case .accelRedirect(let mapping) = type {
            self.mapping = mapping.map { ($0.key, $0.value) }.sorted { $0.path.count > $1.path.count }
        } else {
            self.mapping = []
        }
    }

    /// The header that hands `path` to the proxy, or `nil` when this proxy cannot be given it.
    func header(for path: String) -> (name: HeaderName, value: String)? {
        switch self.kind {
        case .sendfile: return ("x-sendfile", path)
        case .lighttpd: return ("x-lighttpd-send-file", path)
        case .accelRedirect:
            guard let entry = self.mapping.first(where: { path.hasPrefix($0.path) }) else { return nil }
            return ("x-accel-redirect", entry.uri + path.dropFirst(entry.path.count))
        }
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let middleware = self
        return { scope, receive, send in
            guard case .http = scope else { return try await app(scope, receive, send) }
            // The head waits for the first body event: only then is it known whether it is a file.
            let heldHead = HeldValue<ResponseStart>()
            try await app(scope, receive) { event in
                switch event {
                case .httpResponseStart(let start) where start.status == .ok:
                    heldHead.hold(start)
                case .httpResponseFile(let file):
                    guard var start = heldHead.take() else { return try await send(event) }
                    guard case .path(let path) = file.source, file.offset == 0, let header = middleware.header(for: path) else {
                        try await send(.httpResponseStart(start))
                        return try await send(event)
                    }
                    start.headers.remove(.contentLength)
                    start.headers.append(header.name, ByteString(header.value))
                    if let variation = middleware.variation { start.headers.append(.vary, ByteString(variation)) }
                    try await send(.httpResponseStart(start))
                    try await send(.httpResponseBody(ByteBuffer()))
                default:
                    if let start = heldHead.take() { try await send(.httpResponseStart(start)) }
                    try await send(event)
                }
            }
            if let start = heldHead.take() { try await send(.httpResponseStart(start)) }
        }
    }
}
