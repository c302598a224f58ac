public import PAGI
import Synchronization

/// Lets a `POST` stand for `PUT`, `PATCH` or `DELETE`, which HTML forms cannot send: the
/// application sees the method named by the `X-HTTP-Method-Override` header or by the form
/// field `_method`.
///
/// ```html
/// <form method="post" action="/posts/42">
///   <input type="hidden" name="_method" value="DELETE">
/// </form>
/// ```
///
/// - Only `POST` is overridden, and only to a method in `allowedMethods` (by default `PUT`,
///   `PATCH`, `DELETE`; the value is upper-cased first). Any other value is ignored: the
///   request stays a `POST`. The original method is in the scope as
///   `request[.originalMethod]`.
/// - The header is looked at first; the form field only when the header is absent and the
///   body is `application/x-www-form-urlencoded` (a multipart body is not parsed here: use
///   the header).
/// - To read the field the middleware reads the body first: to its end, or until it holds
///   `maxFormBytes` bytes or more (a longer form is searched only in the fields that arrived
///   whole by then). Then it **replays the body to the application unchanged**: the
///   application receives the same bytes, `_method` included (those read as one
///   `http.request` event, the rest as it comes). Reading it first costs one copy in memory
///   of what was read, about `maxFormBytes` at most.
///
/// A method override makes a form able to send `DELETE`: protect such forms against
/// cross-site requests (CSRF middleware) as you protect `POST`.
public struct MethodOverride: Middleware {
    /// The methods a `POST` may become.
    public let allowedMethods: Set<HTTPRequest.Method>
    /// The header naming the method; `nil` ignores headers.
    public let header: HeaderName?
    /// The form field naming the method; `nil` never reads the body.
    public let formField: String?
    /// How many body bytes are read, at most, looking for the form field.
    public let maxFormBytes: Int

    /// Overrides from `header` (`X-HTTP-Method-Override`) or the urlencoded form field
    /// `formField` (`_method`, looked for in the first `maxFormBytes` bytes, 1 MiB by
    /// default) to one of `allowedMethods`.
    public init(
        allowedMethods: Set<HTTPRequest.Method> = [.put, .patch, .delete],
        header: HeaderName? = "x-http-method-override",
        formField: String? = "_method",
        maxFormBytes: Int = 1 << 20
    ) {
        self.allowedMethods = allowedMethods
        self.header = header
        self.formField = formField
        self.maxFormBytes = max(0, maxFormBytes)
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard case .http(var request) = scope, request.method == .post else {
                return try await app(scope, receive, send)
            }
            var receive = receive
            var override = self.header.flatMap { request.headers[$0] }
            if override == nil, let field = self.formField, self.maxFormBytes > 0, Self.isURLEncodedForm(request.headers) {
                let read = try await Self.readForm(from: receive, limit: self.maxFormBytes)
                override = Self.value(of: field, in: read.body, complete: read.complete)
                receive = ReplayingReceive(read.events, then: receive).receive
            }
            if let override, let method = HTTPRequest.Method(Self.upperCased(override)), self.allowedMethods.contains(method) {
                request[.originalMethod] = request.method
                request.method = method
            }
            try await app(.http(request), receive, send)
        }
    }

    /// Whether the body is `application/x-www-form-urlencoded` (any parameters).
    static func isURLEncodedForm(_ headers: Headers) -> Bool {
        guard let type = headers[.contentType] else { return false }
        let mediaType = type.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return mediaType.filter { $0 != " " && $0 != "\t" }.lowercased() == "application/x-www-form-urlencoded"
    }

    /// Reads body events until the last one, a non-body event (the client left), or `limit`
    /// bytes or more; returns them as the events to replay (the pieces joined into one).
    static func readForm(from receive: Receive, limit: Int) async throws -> (events: [InboundEvent], body: ByteBuffer, complete: Bool) {
        var body = ByteBuffer()
        var pieces = 0
        while body.readableBytes < limit {
            let event = try await receive()
            guard case .httpRequest(let piece, let more) = event else {
                return (pieces == 0 ? [event] : [.httpRequest(body, more: true), event], body, false)
            }
            if pieces == 0 { body = piece } else { body.writeImmutableBuffer(piece) }
            pieces += 1
            if !more { return ([.httpRequest(body, more: false)], body, true) }
        }
        return (pieces == 0 ? [] : [.httpRequest(body, more: true)], body, false)
    }

    /// The value of the first field `name` among the fields of `body` that are known to be
    /// whole (all when `complete`, otherwise those before the last `&`).
    static func value(of name: String, in body: ByteBuffer, complete: Bool) -> String? {
        var text = String(buffer: body)
        if !complete {
            guard let end = text.lastIndex(of: "&") else { return nil }
            text = String(text[..<end])
        }
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard PercentEncoding.decodeComponent(parts[0]) == name else { continue }
            return parts.count > 1 ? PercentEncoding.decodeComponent(parts[1]) : ""
        }
        return nil
    }

    /// `text` with ASCII letters upper-cased (method names are ASCII tokens).
    static func upperCased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}

extension ScopeKey where Value == HTTPRequest.Method {
    /// `pagi.original_method`: the method the client sent, when ``MethodOverride`` changed it.
    public static let originalMethod = ScopeKey("pagi.original_method")
}
