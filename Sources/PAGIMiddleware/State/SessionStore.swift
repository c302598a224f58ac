/// Where the ``Session`` middleware keeps session data, by session id.
///
/// The session cookie carries what ``save(id:values:lifetime:)`` returns: the id itself for a
/// server-side store (``MemorySessionStore``, or one on Redis or a database), the signed data
/// for ``SignedCookieSessionStore``. ``load(id:)`` receives that cookie value back.
///
/// A store must be safe to call from many requests at once.
public protocol SessionStore: Sendable {
    /// The values of the session the cookie value `id` names; `nil` when there is none
    /// (unknown, expired, or not valid).
    func load(id: String) async throws -> [String: String]?

    /// Keeps `values` as the session `id` for `lifetime`, replacing what it held, and returns
    /// the value for the session cookie.
    func save(id: String, values: [String: String], lifetime: Duration) async throws -> String

    /// Forgets the session `id` (after ``RequestSession/rotate()`` or
    /// ``RequestSession/destroy()``).
    func delete(id: String) async throws
}
