public import PAGI

/// Who a request authenticated as: what ``BasicAuth`` and ``BearerAuth`` put in the scope
/// (`request[.auth]`).
///
/// ```swift
/// guard let identity = request[.auth] else { ... }
/// identity.name                   // "ada": the user name, or the token's subject
/// identity.claims["role"]         // a claim a token validator returned
/// identity.user as? User          // the application's own record, if the validator gave one
/// ```
public struct AuthIdentity: Sendable {
    /// How the request authenticated: `basic` or `bearer` (set by the middleware).
    public var scheme: String
    /// The user name (Basic) or the subject (Bearer).
    public var name: String
    /// What a token validator knows about the identity (a JWT's claims, say).
    public var claims: [String: PAGIValue]
    /// The bearer token itself (set by ``BearerAuth``).
    public var token: String?
    /// The application's own record of the user, if the validator looked it up.
    public var user: (any Sendable)?

    /// An identity called `name`, with `claims` and the application's `user` record.
    public init(name: String, claims: [String: PAGIValue] = [:], user: (any Sendable)? = nil, scheme: String = "", token: String? = nil) {
        self.scheme = scheme
        self.name = name
        self.claims = claims
        self.token = token
        self.user = user
    }
}

extension ScopeKey where Value == AuthIdentity {
    /// `pagi.auth`: who the request authenticated as (see ``BasicAuth`` and ``BearerAuth``).
    public static let auth = ScopeKey("pagi.auth")
}
