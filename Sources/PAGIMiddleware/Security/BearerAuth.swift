public import PAGI

/// Bearer token authentication (RFC 6750): a request must carry `Authorization: Bearer
/// <token>` with a token the validator accepts.
///
/// ```swift
/// BearerAuth(paths: ["/api"]) { token in
///     try await apiKeys.owner(of: token).map { AuthIdentity(name: $0.id, user: $0) }
/// }
/// BearerAuth(validator: JWTValidator(keys: keys))     // from the PAGIJWT target
/// ```
///
/// On success the scope passed down carries `request[.auth]`: the validator's
/// ``AuthIdentity`` with scheme `bearer` and the token. The refusals follow RFC 6750 §3:
/// - no credentials, or another scheme: 401, `WWW-Authenticate: Bearer realm="..."`;
/// - `Bearer` with an empty or malformed token: 400, `error="invalid_request"`;
/// - a token the validator rejects: 401, `error="invalid_token"`.
///
/// An error the validator throws propagates (a 500). Tokens in the query string or a form
/// body (RFC 6750 §2.2, §2.3) are not read: they leak into logs and histories.
///
/// Applies to `http`, `sse` and `websocket` scopes, as ``BasicAuth``.
///
/// Options (Perl defaults):
/// - `realm`: `Bearer` (`nil` leaves the parameter out);
/// - `paths`: the path prefixes that need a token; `nil` (every path);
/// - `validator`: the ``BearerTokenValidator``, or a closure; required. The Perl original
///   verified HS256 JWTs itself; here that is `PAGIJWT`'s validator, in its own target.
public struct BearerAuth: Middleware {
    let realm: String?
    let paths: [String]?
    let validator: any BearerTokenValidator

    public init(realm: String? = "Bearer", paths: [String]? = nil, validator: some BearerTokenValidator) {
        self.realm = realm
        self.paths = paths
        self.validator = validator
    }

    /// Bearer authentication with a closure as the validator.
    public init(realm: String? = "Bearer", paths: [String]? = nil, validate: @escaping @Sendable (_ token: String) async throws -> AuthIdentity?) {
        self.init(realm: realm, paths: paths, validator: BearerTokenClosure(validate))
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let auth = self
        return { scope, receive, send in
            guard var request = scope.request, AuthChallenge.guards(request.path, paths: auth.paths) else {
                return try await app(scope, receive, send)
            }
            guard let credentials = AuthChallenge.credentials(request, scheme: "Bearer") else {
                return try await refuse(scope, status: .unauthorized, text: "Token required", headers: auth.challenge(nil), send: send)
            }
            guard Self.isToken(credentials) else {
                return try await refuse(scope, status: .badRequest, text: "Malformed bearer token", headers: auth.challenge("invalid_request"), send: send)
            }
            let token = String(credentials)
            guard var identity = try await auth.validator.identity(for: token) else {
                return try await refuse(scope, status: .unauthorized, text: "Invalid token", headers: auth.challenge("invalid_token"), send: send)
            }
            identity.scheme = "bearer"
            identity.token = token
            request[.auth] = identity
            var inner = scope
            inner.request = request
            try await app(inner, receive, send)
        }
    }

    /// The `WWW-Authenticate` field, with `error` when there is one.
    private func challenge(_ error: String?) -> Headers {
        let parameters = [self.realm.map { "realm=\(AuthChallenge.quoted($0))" }, error.map { "error=\"\($0)\"" }].compactMap { $0 }
        return ["www-authenticate": ByteString(parameters.isEmpty ? "Bearer" : "Bearer " + parameters.joined(separator: ", "))]
    }

    /// Whether `text` is RFC 6750's `b64token`: letters, digits, `-._~+/`, then any `=`.
    private static func isToken(_ text: Substring) -> Bool {
        let body = text.reversed().drop { $0 == "=" }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~+/".contains($0)) }
    }
}
