package import NIOCore
package import Synchronization

/// A value that depends only on the current second (a formatted date), made at most once per
/// second and shared by every thread: the `Date` header and the access log's time.
/// Package-internal, not public API.
///
/// `value(at:)` is pre-specialized for the two values its users keep (`ByteBuffer`, `String`):
/// called once per request from other modules, the generic version looked up its type
/// metadata (and its tuple's) on every call, and being inlinable alone did not get the
/// callers specialized copies.
package final class PerSecondCache<Value: Sendable>: Sendable {
    package struct Entry: Sendable {
        package var second: Int
        package var value: Value?

        @inlinable
        package init(second: Int, value: Value?) {
            self.second = second
            self.value = value
        }
    }

    package let make: @Sendable (Int) -> Value
    package let cached: Mutex<Entry>

    /// A cache of `make(second)`, `second` counted from 1970-01-01T00:00:00Z.
    @inlinable
    package init(_ make: @escaping @Sendable (Int) -> Value) {
        self.make = make
        self.cached = Mutex(Entry(second: -1, value: nil))
    }

    /// The value for `second`: made once, then shared until the second changes.
    @inlinable
    @_specialize(exported: true, where Value == ByteBuffer)
    @_specialize(exported: true, where Value == String)
    package func value(at second: Int) -> Value {
        self.cached.withLock { cached in
            if cached.second == second, let value = cached.value { return value }
            let value = self.make(second)
            cached = Entry(second: second, value: value)
            return value
        }
    }
}
