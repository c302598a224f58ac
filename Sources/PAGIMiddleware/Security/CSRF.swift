public import HTTPTypes
import NIOCore
public import PAGI

/// Cross-site request forgery protection: a request with an unsafe method (POST, PUT, ...)
/// must carry the secret token that only this site's own pages know.
///
/// ```swift
/// let app = MiddlewareStack {
///     Session()
///     CSRF()
/// }.wrap(myApp)
/// // in a form: <input type="hidden" name="_csrf_token" value="\(request[.csrfToken]!)">
/// // from a script: fetch(url, {method: "POST", headers: {"X-CSRF-Token": token}})
/// ```
///
/// The token (32 random bytes, base64url) is kept in one of two places:
/// - in the session, when a ``Session`` middleware runs before this one (the token is bound
///   to the session: it changes when the session is destroyed);
/// - otherwise in a cookie (the double-submit pattern, as the Perl original): a page of this
///   site can read it, another site cannot. With a `signer`, the cookie is signed, so that a
///   cookie planted by a sibling subdomain is refused (OWASP's signed double-submit cookie);
///   a script reading the cookie must then drop the signature after the last `.`.
///
/// Every `http` and `sse` scope gets the token in `request[.csrfToken]`, for forms. A request
/// whose method is not safe must send the token in the `headerName` header, or, for an
/// `application/x-www-form-urlencoded` body, in the `formField` field; it is compared in
/// constant time. Otherwise the answer is 403. WebSocket scopes pass untouched: a browser's
/// WebSocket request carries no custom header nor form (check its `Origin` instead).
///
/// Reading the form field buffers the body (up to `maxFormSize`, else 413) and replays it to
/// the application unchanged; no other body is read. Multipart forms are not searched: send
/// the header from a script, or use an urlencoded form.
///
/// Options (Perl defaults):
/// - `headerName`: `X-CSRF-Token`; `formField`: `_csrf_token`;
/// - `cookie`: `csrf_token`, `Path=/`, `SameSite=Lax`, not `HttpOnly` (scripts read it for
///   the header; Perl set `HttpOnly` and `Strict`, which keeps scripts from reading it and
///   replaces the token on every arrival from another site);
/// - `signer`: signs the cookie; none;
/// - `safeMethods`: GET, HEAD, OPTIONS, TRACE;
/// - `sessionKey`: the session value holding the token, `_csrf_token`;
/// - `maxFormSize`: 1 MiB.
public struct CSRF: Middleware {
    let headerName: HeaderName
    let formField: String
    let cookie: CookieSettings
    let signer: CookieSigner?
    let safeMethods: Set<HTTPRequest.Method>
    let sessionKey: String
    let maxFormSize: Int

    public init(
        headerName: HeaderName = "x-csrf-token",
        formField: String = "_csrf_token",
        cookie: CookieSettings = CookieSettings(name: "csrf_token", httpOnly: false),
        signer: CookieSigner? = nil,
        safeMethods: Set<HTTPRequest.Method> = [.get, .head, .options, .trace],
        sessionKey: String = "_csrf_token",
        maxFormSize: Int = 1 << 20
    ) {
        self.headerName = headerName
        self.formField = formField
        self.cookie = cookie
        self.signer = signer
        self.safeMethods = safeMethods
        self.sessionKey = sessionKey
        self.maxFormSize = maxFormSize
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let csrf = self
        return { scope, receive, send in
            guard scope.type == .http || scope.type == .sse, var request = scope.request else {
                return try await app(scope, receive, send)
            }
            let session = request[.session]
            let known = if let session { session[csrf.sessionKey] } else { csrf.cookieToken(in: request) }
            var receive = receive
            if !csrf.safeMethods.contains(request.method) {
                var submitted: String?
                do {
                    // Without a token to compare with, the body is not worth reading.
                    if known != nil { (submitted, receive) = try await csrf.submittedToken(scope, request, receive) }
                } catch let error as PAGIError where error.code == .bodyTooLarge {
                    return try await refuse(scope, status: .contentTooLarge, text: "The form is larger than \(csrf.maxFormSize) bytes", send: send)
                }
                guard let known, let submitted, constantTimeEquals(known, submitted) else {
                    return try await refuse(scope, status: .forbidden, text: "CSRF token missing or incorrect", send: send)
                }
            }
            let token = known ?? Base64URL.randomToken()
            var send = send
            if let session {
                if known == nil { session[csrf.sessionKey] = token }
            } else if known == nil {
                let cookie = csrf.cookie.cookie(csrf.signer?.sign(token, name: csrf.cookie.name) ?? token, for: request)
                send = beforeResponseHead(send) { Headers(setting: [cookie]) }
            }
            request[.csrfToken] = token
            var inner = scope
            inner.request = request
            try await app(inner, receive, send)
        }
    }

    /// The token of the double-submit cookie, verified when there is a signer.
    private func cookieToken(in request: RequestScope) -> String? {
        guard let value = (request[.cookies] ?? RequestCookies(headers: request.headers))[self.cookie.name], !value.isEmpty else { return nil }
        guard let signer = self.signer else { return value }
        return signer.verify(value, name: self.cookie.name)
    }

    /// The token the request submits, from the header or an urlencoded form, with the
    /// `receive` the application must use (it replays a body that was read).
    private func submittedToken(_ scope: Scope, _ request: RequestScope, _ receive: @escaping Receive) async throws -> (String?, Receive) {
        if let header = request.headers[self.headerName] { return (header, receive) }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return (nil, receive) }
        let (body, replay) = try await readReplayableBody(scope, from: receive, limit: self.maxFormSize)
        return (Self.formValue(named: self.formField, in: String(buffer: body)), replay)
    }

    /// The first value of the field `name` in an urlencoded form.
    private static func formValue(named name: String, in form: String) -> String? {
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if PercentEncoding.decodeComponent(parts[0]) == name {
                return parts.count > 1 ? PercentEncoding.decodeComponent(parts[1]) : ""
            }
        }
        return nil
    }
}

extension ScopeKey where Value == String {
    /// `pagi.csrf_token`: the token forms and scripts must send back (see ``CSRF``).
    public static let csrfToken = ScopeKey("pagi.csrf_token")
}
