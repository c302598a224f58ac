/// Where ``RateLimit`` keeps its token buckets: in memory (``MemoryRateLimitStore``), or on a
/// shared service so that several processes count together.
public protocol RateLimitStore: Sendable {
    /// Takes a token from the bucket of `key`, which holds at most `burst` tokens and gains
    /// `rate` tokens a second (a new bucket is full); says whether there was one.
    func take(key: String, rate: Double, burst: Int) async throws -> RateLimitDecision
}

/// The answer of a ``RateLimitStore`` for one request.
public struct RateLimitDecision: Sendable, Hashable {
    /// Whether the request may go on (a token was taken).
    public var allowed: Bool
    /// The whole tokens left in the bucket.
    public var remaining: Int
    /// How long until the bucket is full again.
    public var resetAfter: Duration
    /// How long until the next token: zero when allowed.
    public var retryAfter: Duration

    public init(allowed: Bool, remaining: Int, resetAfter: Duration, retryAfter: Duration) {
        self.allowed = allowed
        self.remaining = remaining
        self.resetAfter = resetAfter
        self.retryAfter = retryAfter
    }
}
