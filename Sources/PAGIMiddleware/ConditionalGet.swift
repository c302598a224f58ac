public import PAGI
import Synchronization

/// Answers a conditional `GET` or `HEAD` with `304 Not Modified` when the client's copy is
/// current: the application runs as usual, and when its response is a `200` that the
/// request's conditions say the client already has, the client gets a 304 without a body.
///
/// ```swift
/// MiddlewareStack {
///     ConditionalGet()
///     ETag()            // inside: tags the bodies that ConditionalGet compares
/// }
/// ```
///
/// The conditions, as RFC 9110 §13.2.2 orders them:
///
/// - `If-None-Match` (when present, `If-Modified-Since` is ignored): the response's `ETag`
///   is in the list by the weak comparison (`W/"a"` matches `"a"`), or the list is `*` (a 200
///   is a current representation);
/// - otherwise `If-Modified-Since`: the response's `Last-Modified` is not after it. Both dates
///   are HTTP dates in any of the three forms; an unreadable date means no 304.
///
/// The 304 keeps the response's headers but those that describe the body it no longer has
/// (RFC 9110 §15.4.5): `content-length`, `content-type`, `content-encoding`,
/// `content-language`, `content-range`, `transfer-encoding` and `trailer` go; `ETag`,
/// `Cache-Control`, `Date`, `Vary`, `Expires`, `Content-Location`, `Last-Modified` and headers
/// about the exchange (`Set-Cookie`, a request id) stay. The 304 goes out at once; the
/// application's body events (and trailers) are dropped, its `send`s succeed.
///
/// Other methods, other statuses and other scopes pass through.
public struct ConditionalGet: Middleware {
    public init() {}

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard case .http(let request) = scope, request.method == .get || request.method == .head,
                let conditions = Conditions(request.headers)
            else { return try await app(scope, receive, send) }
            let notModified = NotModifiedSend(send, conditions: conditions)
            try await app(scope, receive) { try await notModified($0) }
        }
    }

    /// The fields a 304 does not carry: they describe a body.
    static let bodyFields: Set<HeaderName> = [
        .contentLength, .contentType, .contentEncoding, "content-language", .contentRange, .transferEncoding, .trailer,
    ]

    /// The conditions of a request.
    struct Conditions: Sendable {
        let ifNoneMatch: EntityTagList?
        let ifModifiedSince: Int?

        /// `nil` when the request has neither condition.
        init?(_ headers: Headers) {
            let noneMatch = headers.values(for: .ifNoneMatch)
            if !noneMatch.isEmpty {
                self.ifNoneMatch = EntityTagList(noneMatch.joined(separator: ","))
                self.ifModifiedSince = nil
                return
            }
            let modifiedSince = headers.values(for: .ifModifiedSince)
            // Only one, valid, date counts (RFC 9110 §13.1.3).
            guard modifiedSince.count == 1, let seconds = UTCTime.seconds(fromHTTPDate: modifiedSince[0]) else { return nil }
            self.ifNoneMatch = nil
            self.ifModifiedSince = seconds
        }

        /// Whether the client's copy is the representation this head describes.
        func areMet(by start: ResponseStart) -> Bool {
            guard start.status.code == 200 else { return false }
            if let ifNoneMatch {
                if ifNoneMatch.isWildcard { return true }
                guard let etag = start.headers[.eTag] else { return false }
                return ifNoneMatch.matchesWeakly(etag)
            }
            guard let ifModifiedSince, let lastModified = start.headers[.lastModified],
                let modified = UTCTime.seconds(fromHTTPDate: lastModified)
            else { return false }
            return modified <= ifModifiedSince
        }
    }
}

/// The `send` of ``ConditionalGet``: a 200 that meets the conditions becomes a 304.
private final class NotModifiedSend: Sendable {
    private let send: Send
    private let conditions: ConditionalGet.Conditions
    /// Whether the 304 went out: the application's body events are dropped.
    private let answered = Mutex(false)

    init(_ send: @escaping Send, conditions: ConditionalGet.Conditions) {
        self.send = send
        self.conditions = conditions
    }

    func callAsFunction(_ event: OutboundEvent) async throws {
        if self.answered.withLock({ $0 }) {
            switch event {
            case .httpResponseBody, .httpResponseFile, .httpResponseTrailers, .httpFullFlush: return
            default: return try await self.send(event)
            }
        }
        guard case .httpResponseStart(let start) = event, self.conditions.areMet(by: start) else {
            return try await self.send(event)
        }
        var headers = start.headers
        headers.removeAll { ConditionalGet.bodyFields.contains($0.name) }
        self.answered.withLock { $0 = true }
        try await self.send(.httpResponseStart(ResponseStart(status: .notModified, headers: headers)))
        try await self.send(.httpResponseBody(ByteBuffer()))
    }
}
