import Synchronization

/// A thread-safe store of named, typed values, shared by reference.
///
/// It is the lifespan `state` namespace (filled by the application at startup; every request
/// receives a shallow copy, ``snapshot()``) and the per-request `pagi.stash`.
public final class SharedValues: Sendable {
    private let values: Mutex<ScopeValues>

    /// An empty store, or one holding `values`.
    public init(_ values: ScopeValues = ScopeValues()) {
        self.values = Mutex(values)
    }

    /// The value stored under `key`.
    public subscript<Value>(key: ScopeKey<Value>) -> Value? {
        get { self.values.withLock { $0[key] } }
        set { self.values.withLock { $0[key] = newValue } }
    }

    /// The value stored under `name`, whatever its type.
    public subscript(_ name: String) -> (any Sendable)? {
        get { self.values.withLock { $0[name] } }
        set { self.values.withLock { $0[name] = newValue } }
    }

    /// Runs `body` with exclusive access, for read-modify-write updates.
    public func withLock<Result: Sendable>(_ body: (inout ScopeValues) throws -> Result) rethrows -> Result {
        try self.values.withLock { try body(&$0) }
    }

    /// A shallow copy of the current entries: what a request scope receives as `state`.
    public func snapshot() -> ScopeValues {
        self.values.withLock { $0 }
    }

    /// The names present, sorted.
    public var names: [String] { self.values.withLock { $0.names } }
}
