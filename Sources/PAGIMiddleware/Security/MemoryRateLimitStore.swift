import Synchronization

/// Token buckets in this process's memory: the default store of ``RateLimit``. Each worker
/// process counts on its own.
///
/// Bounds: at most `maxKeys` buckets. Every 1,000 requests, and whenever the table is full,
/// the buckets that have refilled completely are dropped (a full bucket is the same as none).
/// When it is still full, the least recently used quarter is dropped: those clients start
/// again with a full bucket, which is the lenient side to fail on.
public final class MemoryRateLimitStore: RateLimitStore {
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var takesSinceSweep = 0
    }

    /// The largest number of buckets kept.
    public let maxKeys: Int
    private let state = Mutex(State())
    /// The time: the continuous clock, or a test's own.
    private let now: @Sendable () -> ContinuousClock.Instant

    /// An empty store keeping at most `maxKeys` buckets (100,000 by default).
    public convenience init(maxKeys: Int = 100_000) {
        self.init(maxKeys: maxKeys, now: { ContinuousClock.now })
    }

    /// A store that reads the time from `now` (tests move it forward by hand).
    init(maxKeys: Int, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        precondition(maxKeys > 0, "maxKeys must be positive")
        self.maxKeys = maxKeys
        self.now = now
    }

    public func take(key: String, rate: Double, burst: Int) async -> RateLimitDecision {
        let now = self.now()
        let capacity = Double(burst)
        return self.state.withLock { state in
            state.takesSinceSweep += 1
            if state.takesSinceSweep >= 1_000 || (state.buckets[key] == nil && state.buckets.count >= self.maxKeys) {
                Self.sweep(&state, now: now, rate: rate, capacity: capacity, maxKeys: self.maxKeys)
            }
            var bucket = state.buckets[key] ?? TokenBucket(capacity: capacity, now: now)
            let allowed = bucket.take(rate: rate, capacity: capacity, now: now)
            state.buckets[key] = bucket
            return RateLimitDecision(
                allowed: allowed,
                remaining: Int(bucket.tokens.rounded(.down)),
                resetAfter: .seconds((capacity - bucket.tokens) / rate),
                retryAfter: allowed ? .zero : .seconds((1 - bucket.tokens) / rate)
            )
        }
    }

    /// The number of buckets held.
    public var count: Int { self.state.withLock { $0.buckets.count } }

    private static func sweep(_ state: inout State, now: ContinuousClock.Instant, rate: Double, capacity: Double, maxKeys: Int) {
        state.takesSinceSweep = 0
        state.buckets = state.buckets.filter { !$0.value.isFull(rate: rate, capacity: capacity, now: now) }
        guard state.buckets.count >= maxKeys else { return }
        let oldest = state.buckets.sorted { $0.value.updated < $1.value.updated }.prefix(max(1, maxKeys / 4))
        for (key, _) in oldest { state.buckets[key] = nil }
    }
}
