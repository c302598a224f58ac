/// Checks a bearer token for ``BearerAuth``: an opaque API key looked up in a database, a JWT
/// verified by `PAGIJWT`'s validator, a token introspected at an OAuth server...
public protocol BearerTokenValidator: Sendable {
    /// Who `token` identifies, or `nil` when it is not valid (unknown, expired, revoked). An
    /// error thrown is a failure of the check itself, not an invalid token.
    func identity(for token: String) async throws -> AuthIdentity?
}

/// A ``BearerTokenValidator`` written as a closure.
public struct BearerTokenClosure: BearerTokenValidator {
    private let body: @Sendable (String) async throws -> AuthIdentity?

    /// A validator that asks `body`.
    public init(_ body: @escaping @Sendable (_ token: String) async throws -> AuthIdentity?) {
        self.body = body
    }

    public func identity(for token: String) async throws -> AuthIdentity? {
        try await self.body(token)
    }
}
