#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import PAGI

/// HTTP Basic authentication (RFC 7617): a request must carry a user name and password that
/// the authenticator accepts, or it gets a 401 with `WWW-Authenticate: Basic realm="...",
/// charset="UTF-8"` (the browser then asks the user).
///
/// ```swift
/// BasicAuth(realm: "Admin", paths: ["/admin"]) { user, password in
///     try await accounts.check(user, password)
/// }
/// BasicAuth(users: ["ada": adaPassword])   // compared in constant time
/// ```
///
/// On success the scope passed down carries `request[.auth]`, an ``AuthIdentity`` with scheme
/// `basic` and the user name. Credentials that are not valid base64, not UTF-8 or without a
/// `:` count as wrong (401). An error the authenticator throws is not a wrong password: it
/// propagates (a 500), so that a failing user database is not reported as bad credentials.
///
/// Applies to `http`, `sse` and `websocket` scopes (a refused WebSocket gets the 401 as a
/// denial response, or a close with 1008 when the server cannot send one). Basic sends the
/// password in clear text: serve it over HTTPS only.
///
/// Options (Perl defaults):
/// - `realm`: `Restricted`;
/// - `paths`: the path prefixes that need credentials; `nil` (every path). The prefixes are
///   compared with the decoded `path`; for anything else, wrap this in `Enable(if:)`.
/// - `authenticate`: the check, `(user, password) async throws -> Bool`; required.
public struct BasicAuth: Middleware {
    /// Whether `username` and `password` are valid.
    public typealias Authenticator = @Sendable (_ username: String, _ password: String) async throws -> Bool

    let realm: String
    let paths: [String]?
    let authenticate: Authenticator

    public init(realm: String = "Restricted", paths: [String]? = nil, authenticate: @escaping Authenticator) {
        self.realm = realm
        self.paths = paths
        self.authenticate = authenticate
    }

    /// Basic authentication against a fixed table of user names and passwords, compared in
    /// constant time.
    public init(realm: String = "Restricted", paths: [String]? = nil, users: [String: String]) {
        self.init(realm: realm, paths: paths) { username, password in
            // An unknown user costs the same comparison as a known one.
            let expected = users[username]
            return constantTimeEquals(expected ?? "", password) && expected != nil
        }
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let auth = self
        let challenge: Headers = ["www-authenticate": "Basic realm=\(AuthChallenge.quoted(self.realm)), charset=\"UTF-8\""]
        return { scope, receive, send in
            guard var request = scope.request, AuthChallenge.guards(request.path, paths: auth.paths) else {
                return try await app(scope, receive, send)
            }
            guard let (username, password) = Self.decode(AuthChallenge.credentials(request, scheme: "Basic")),
                try await auth.authenticate(username, password)
            else {
                return try await refuse(scope, status: .unauthorized, text: "Unauthorized", headers: challenge, send: send)
            }
            request[.auth] = AuthIdentity(name: username, scheme: "basic")
            var inner = scope
            inner.request = request
            try await app(inner, receive, send)
        }
    }

    /// The user name and password in Basic credentials (`base64(user:password)`).
    private static func decode(_ credentials: Substring?) -> (String, String)? {
        guard let credentials, let bytes = Data(base64Encoded: String(credentials)),
            let text = String(validating: Array(bytes), as: UTF8.self),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
