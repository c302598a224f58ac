public import PAGI

/// Rate limiting with a token bucket per client: each client may make `burst` requests at
/// once, then `requestsPerSecond` on average; beyond that the answer is 429.
///
/// ```swift
/// RateLimit(requestsPerSecond: 5, burst: 10)
/// RateLimit(key: { $0[.auth]?.name ?? $0.client?.host ?? "unknown" })   // per user
/// ```
///
/// Every `http`, `sse` and `websocket` scope takes one token (a WebSocket or an event stream
/// takes one when it opens). Responses carry the state of the bucket in the fields of the
/// IETF draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers, the
/// `-07` form most proxies and libraries send; later drafts merge them into one `RateLimit`
/// field): `RateLimit-Limit` (the burst), `RateLimit-Remaining` (whole tokens left) and
/// `RateLimit-Reset` (seconds until the bucket is full). The Perl original used `X-RateLimit-*`
/// with an epoch time. A refused request gets 429 with `Retry-After` (seconds until the next
/// token, at least 1) and the same fields.
///
/// Options (Perl defaults):
/// - `requestsPerSecond`: 10; `burst`: 20;
/// - `store`: the ``RateLimitStore``; a ``MemoryRateLimitStore`` by default;
/// - `key`: the bucket of a request; the client's address by default (`unknown` when there is
///   none). Behind a reverse proxy every request comes from the proxy: put a middleware that
///   takes the client from `X-Forwarded-For` first.
public struct RateLimit: Middleware {
    let requestsPerSecond: Double
    let burst: Int
    let store: any RateLimitStore
    let key: @Sendable (RequestScope) -> String

    public init(
        requestsPerSecond: Double = 10,
        burst: Int = 20,
        store: any RateLimitStore = MemoryRateLimitStore(),
        key: @escaping @Sendable (RequestScope) -> String = { $0.client?.host ?? "unknown" }
    ) {
        precondition(requestsPerSecond > 0 && burst >= 1, "RateLimit needs a positive rate and a burst of at least 1")
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.store = store
        self.key = key
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let limit = self
        return { scope, receive, send in
            guard let request = scope.request else { return try await app(scope, receive, send) }
            let decision = try await limit.store.take(key: limit.key(request), rate: limit.requestsPerSecond, burst: limit.burst)
            let fields: Headers = [
                "ratelimit-limit": ByteString(String(limit.burst)),
                "ratelimit-remaining": ByteString(String(decision.remaining)),
                "ratelimit-reset": ByteString(String(Self.wholeSeconds(decision.resetAfter))),
            ]
            guard decision.allowed else {
                var headers: Headers = ["retry-after": ByteString(String(max(1, Self.wholeSeconds(decision.retryAfter))))]
                headers.append(contentsOf: fields)
                return try await refuse(scope, status: .tooManyRequests, text: "Rate limit exceeded. Try again later.", headers: headers, send: send)
            }
            try await app(scope, receive, changingResponseHeads(send) { $0.headers.append(contentsOf: fields) })
        }
    }

    /// `duration` in seconds, rounded up.
    private static func wholeSeconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return attoseconds > 0 ? seconds + 1 : seconds
    }
}
