/// A named, typed key for a value carried by a scope: in its lifespan `state`, among its
/// extension keys (``RequestScope/custom``), or in a ``SharedValues`` store.
///
/// Declare keys once, as static members, so every layer reads the same name and type:
///
/// ```swift
/// extension ScopeKey where Value == DatabasePool {
///     static let database = ScopeKey("myapp.database")
/// }
/// request.state[.database]
/// ```
///
/// Names beginning `pagi.` are reserved for this package and the spec.
public struct ScopeKey<Value: Sendable>: Sendable, Hashable, CustomStringConvertible {
    /// The key's name, as the spec would write it (`"pagi.stash"`).
    public let name: String

    /// A key called `name`.
    public init(_ name: String) { self.name = name }

    public var description: String { self.name }
}

extension ScopeKey where Value == SharedValues {
    /// `pagi.stash`: a per-request store shared by every layer of one request, including
    /// mounted sub-applications (they receive copies of the scope that point to the same store).
    public static let stash = ScopeKey("pagi.stash")
}

extension ScopeKey where Value == SharedValues {
    /// `pagi.services`: application-wide objects (a database pool, a mailer) that a framework
    /// puts in the scope for every layer below it, mounted sub-applications included.
    public static let services = ScopeKey("pagi.services")
}
