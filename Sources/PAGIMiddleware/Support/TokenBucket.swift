/// A token bucket: `capacity` tokens, refilled at `rate` per second, spent by `take`.
struct TokenBucket: Sendable {
    var tokens: Double
    var updated: ContinuousClock.Instant

    /// A full bucket at `now`.
    init(capacity: Double, now: ContinuousClock.Instant) {
        self.tokens = capacity
        self.updated = now
    }

    /// Refills for the time since the last call, then spends `cost` tokens if there are that
    /// many; whether it could.
    mutating func take(_ cost: Double = 1, rate: Double, capacity: Double, now: ContinuousClock.Instant) -> Bool {
        self.refill(rate: rate, capacity: capacity, now: now)
        guard self.tokens >= cost else { return false }
        self.tokens -= cost
        return true
    }

    /// Adds the tokens earned since the last refill, up to `capacity`.
    mutating func refill(rate: Double, capacity: Double, now: ContinuousClock.Instant) {
        self.tokens = min(capacity, self.tokens + Self.seconds(now - self.updated) * rate)
        self.updated = now
    }

    /// Whether the bucket would be full at `now` (a full bucket is the same as none).
    func isFull(rate: Double, capacity: Double, now: ContinuousClock.Instant) -> Bool {
        self.tokens + Self.seconds(now - self.updated) * rate >= capacity
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
