public import PAGI

/// Reads the request's cookies into the scope, verifies the signed ones, and gives the
/// application a jar for the cookies its response sets.
///
/// ```swift
/// let app = MiddlewareStack {
///     Cookies(signer: CookieSigner(secrets: [secret]))
/// }.wrap { scope, receive, send in
///     let request = scope.request!
///     let theme = request[.cookies]?["theme"] ?? "light"
///     let user = request[.signedCookies]?["user"]        // nil when absent or tampered with
///     request[.cookieJar]?.setSigned(Cookie("user", "42"))
///     ...
/// }
/// ```
///
/// For every `http`, `sse` and `websocket` scope, the scope passed down carries:
/// - `request[.cookies]` (``RequestCookies``): every cookie, values percent-decoded;
/// - `request[.signedCookies]` (``RequestCookies``), with a signer: the cookies whose
///   signature verifies, with their values unsigned; the others are left out;
/// - `request[.cookieJar]` (``CookieJar``): cookies to set; they become `Set-Cookie` fields of
///   the response head (or of the WebSocket acceptance).
///
/// Options:
/// - `signer`: the ``CookieSigner`` for signed cookies (HMAC-SHA256, key rotation); none by
///   default. The Perl original documented signed cookies but never built them.
public struct Cookies: Middleware {
    let signer: CookieSigner?

    /// Cookie parsing, with signed cookies when `signer` is given.
    public init(signer: CookieSigner? = nil) {
        self.signer = signer
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let signer = self.signer
        return { scope, receive, send in
            guard var request = scope.request else { return try await app(scope, receive, send) }
            let cookies = RequestCookies(headers: request.headers)
            let jar = CookieJar(signer: signer)
            request[.cookies] = cookies
            request[.cookieJar] = jar
            if let signer {
                var verified: [String: String] = [:]
                for (name, value) in cookies.values {
                    verified[name] = signer.verify(value, name: name)
                }
                request[.signedCookies] = RequestCookies(verified)
            }
            var inner = scope
            inner.request = request
            try await app(inner, receive, beforeResponseHead(send) { Headers(setting: jar.pending) })
        }
    }
}

extension ScopeKey where Value == RequestCookies {
    /// `pagi.cookies`: the request's cookies (see ``Cookies``).
    public static let cookies = ScopeKey("pagi.cookies")
    /// `pagi.signed_cookies`: the request's cookies whose signature verified, unsigned (see
    /// ``Cookies``).
    public static let signedCookies = ScopeKey("pagi.signed_cookies")
}
