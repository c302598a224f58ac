public import PAGI

/// Compresses response bodies with gzip, or deflate when the client prefers it, piece by
/// piece as the application sends them: a streamed response is never held back whole.
///
/// ```swift
/// MiddlewareStack {
///     GZip(minSize: 512)
/// }
/// ```
///
/// A response is compressed when the request's `Accept-Encoding` accepts `gzip` or `deflate`
/// (by quality value; `gzip` on a tie, `x-gzip` counting as `gzip`, `*` for both) and the
/// response:
/// - has a status other than 204, 206 and 304, no `Content-Encoding` of its own, and no
///   `Cache-Control: no-transform`;
/// - has a `Content-Type` in `mimeTypes` (parameters such as `charset` ignored; `text/*` in
///   the list matches every text type);
/// - is at least `minSize` bytes: by its `Content-Length` when it declares one, else by its
///   body when that comes in one piece; a streamed body without a length is compressed
///   whatever its size (its size is not known when its first piece must go out);
/// - is not a file body (`http.response.body` with `file`): the server sends those without
///   copying them through the application, and compressing them would mean reading them here,
///   so they go out as they are. Serve pre-compressed files for static assets instead.
///
/// A compressed response gets `Content-Encoding`, `Vary: Accept-Encoding`, a weak `ETag` (the
/// bytes changed), and loses `Content-Length` (a body sent in one piece gets the compressed
/// length instead). Each streamed piece is compressed and flushed as it comes (a sync flush,
/// a few bytes each), so the client sees every piece when the application sends it; an
/// `http.fullflush` before the first piece sends the head at once. A file body after
/// compressed pieces cannot be compressed and fails with a ``PAGIError``.
///
/// A `HEAD` response with an empty body and a `Content-Length` of at least `minSize` gets the
/// head a `GET` would get. A response that could be compressed for another client gets
/// `Vary: Accept-Encoding` even when this client accepts neither coding, so that caches keep
/// the two apart.
///
/// Options (defaults): `minSize` (1024 bytes); `mimeTypes` (``defaultMimeTypes``: HTML, plain
/// text, CSS, JavaScript, JSON, XML, SVG); `level` (6, zlib's default; 1 fastest to 9
/// smallest).
///
/// Differs from PAGI, which buffered whole responses (passing streamed ones through
/// uncompressed), knew gzip only and compressed whatever the status.
public struct GZip: Middleware {
    /// The content codings this middleware produces.
    enum Coding: String, Sendable {
        case gzip, deflate
    }

    /// The types compressed when no `mimeTypes` are given.
    public static let defaultMimeTypes = [
        "text/html", "text/plain", "text/css", "text/javascript", "text/xml", "application/javascript",
        "application/json", "application/xml", "image/svg+xml",
    ]

    let minSize: Int
    let mimeTypes: [String]
    let level: Int32

    public init(minSize: Int = 1024, mimeTypes: [String] = GZip.defaultMimeTypes, level: Int = 6) {
        self.minSize = minSize
        self.mimeTypes = mimeTypes.map { $0.lowercased() }
        self.level = Int32(min(max(level, 1), 9))
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard case .http(let request) = scope else { return try await app(scope, receive, send) }
            let encoder = ResponseEncoder(self, coding: Self.coding(for: request.headers), isHead: request.method == .head)
            try await app(scope, receive, encoder.send(through: send))
            try await encoder.finish(through: send)
        }
    }

    /// The coding `headers` prefer among gzip and deflate, or `nil` when they accept neither.
    static func coding(for headers: Headers) -> Coding? {
        let accepted = QualityList(headers, .acceptEncoding)
        let chosen = accepted.preferred(among: [Coding.gzip.rawValue, Coding.deflate.rawValue]) { item, coding in
            if item == coding || (item == "x-gzip" && coding == "gzip") { return 1 }
            return item == "*" ? 0 : nil
        }
        return chosen.flatMap(Coding.init(rawValue:))
    }

    /// Whether a response with this head may be compressed, for some client.
    func isEligible(_ start: ResponseStart) -> Bool {
        guard ![204, 206, 304].contains(start.status.code), !start.headers.contains(.contentEncoding) else { return false }
        if start.headers.values(for: .cacheControl).contains(where: { $0.lowercased().contains("no-transform") }) { return false }
        if let length = self.declaredLength(start), length < self.minSize { return false }
        guard let type = start.headers[.contentType]?.split(separator: ";").first?.lowercased().filter({ $0 != " " }) else { return false }
        return self.mimeTypes.contains { $0 == type || ($0.hasSuffix("/*") && type.hasPrefix($0.dropLast())) }
    }

    /// The `Content-Length` of a response, when it declares a valid one.
    func declaredLength(_ start: ResponseStart) -> Int? {
        start.headers[.contentLength].flatMap { Int($0) }
    }

    /// The head of the compressed response: `Content-Encoding`, `Vary`, a weak `ETag`, and
    /// `length` (or no `Content-Length` when it is `nil`).
    static func compressedHead(_ start: ResponseStart, coding: Coding, length: Int?) -> ResponseStart {
        var start = varying(start)
        start.headers.append(.contentEncoding, ByteString(coding.rawValue))
        start.headers[.contentLength] = length.map(String.init)
        if let tag = start.headers[.eTag], !tag.hasPrefix("W/") { start.headers[.eTag] = "W/" + tag }
        return start
    }

    /// `start` with `Vary: Accept-Encoding` (unless it varies on that, or on everything, already).
    static func varying(_ start: ResponseStart) -> ResponseStart {
        let varies = start.headers.values(for: .vary).flatMap { $0.lowercased().split(separator: ",") }
        guard !varies.contains(where: { ["accept-encoding", "*"].contains($0.filter { $0 != " " }) }) else { return start }
        var start = start
        start.headers.append(.vary, "Accept-Encoding")
        return start
    }
}
