import Synchronization

/// A value that depends only on the current second (a formatted date), made at most once per
/// second and shared by every thread: the `Date` header and the access log's time.
/// Package-internal, not public API.
package final class PerSecondCache<Value: Sendable>: Sendable {
    private let make: @Sendable (Int) -> Value
    private let cached: Mutex<(second: Int, value: Value?)> = Mutex((-1, nil))

    /// A cache of `make(second)`, `second` counted from 1970-01-01T00:00:00Z.
    package init(_ make: @escaping @Sendable (Int) -> Value) {
        self.make = make
    }

    /// The value for `second`: made once, then shared until the second changes.
    package func value(at second: Int) -> Value {
        self.cached.withLock { cached in
            if cached.second == second, let value = cached.value { return value }
            let value = self.make(second)
            cached = (second, value)
            return value
        }
    }
}
