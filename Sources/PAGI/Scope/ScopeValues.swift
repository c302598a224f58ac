/// A value-type namespace of named, typed values: a scope's lifespan `state` and its
/// extension keys.
///
/// Copying it is the spec's *shallow copy*: the top-level entries of the copy are its own,
/// while values that are references (a class, an actor, a ``SharedValues``) are shared.
public struct ScopeValues: Sendable {
    @usableFromInline
    var storage: [String: any Sendable]

    /// An empty namespace.
    public init() { self.storage = [:] }

    /// The value stored under `key`, if there is one of the key's type.
    @inlinable
    public subscript<Value>(key: ScopeKey<Value>) -> Value? {
        get { self.storage[key.name] as? Value }
        set { self.storage[key.name] = newValue }
    }

    /// The value stored under `name`, whatever its type.
    @inlinable
    public subscript(_ name: String) -> (any Sendable)? {
        get { self.storage[name] }
        set { self.storage[name] = newValue }
    }

    /// The names present, sorted.
    public var names: [String] { self.storage.keys.sorted() }

    /// The number of entries.
    public var count: Int { self.storage.count }

    /// Whether there are no entries.
    public var isEmpty: Bool { self.storage.isEmpty }

    /// Whether a value is stored under `name`.
    public func contains(_ name: String) -> Bool { self.storage[name] != nil }
}
