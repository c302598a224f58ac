public import PAGI

/// Adds the common security headers to every response head, never replacing one the
/// application set:
///
/// | header | default |
/// | --- | --- |
/// | `X-Frame-Options` | `SAMEORIGIN` |
/// | `X-Content-Type-Options` | `nosniff` |
/// | `Referrer-Policy` | `strict-origin-when-cross-origin` |
/// | `Strict-Transport-Security` | off; when set, only on `https` (and `wss`) requests, as RFC 6797 requires |
/// | `Content-Security-Policy` | off |
/// | `Permissions-Policy` | off |
/// | `Cross-Origin-Opener-Policy` | off |
/// | `X-XSS-Protection` | off |
///
/// Each is set by its parameter, or left out with `nil`:
///
/// ```swift
/// SecurityHeaders(
///     xFrameOptions: "DENY",
///     strictTransportSecurity: "max-age=31536000; includeSubDomains",
///     contentSecurityPolicy: "default-src 'self'"
/// )
/// ```
///
/// `X-XSS-Protection` (on in Perl's version, `1; mode=block`) is off: the filter it controls
/// is gone from every current browser, and where it still ran it could be abused to remove
/// scripts from a page and to leak information across sites; OWASP advises not sending it
/// (or sending `0`) and using a Content-Security-Policy instead.
///
/// It applies to `http`, `websocket` and `sse` scopes: HTTP responses, event streams and the
/// responses that refuse a WebSocket or decline a stream.
public struct SecurityHeaders: Middleware {
    /// The headers added to every response (without HSTS).
    let headers: [(HeaderName, ByteString)]
    /// `Strict-Transport-Security`, for secure requests only.
    let strictTransportSecurity: ByteString?

    /// The given headers; `nil` leaves one out. Values must be valid header values (no
    /// control characters), or building the middleware stops the program.
    public init(
        xFrameOptions: String? = "SAMEORIGIN",
        xContentTypeOptions: String? = "nosniff",
        referrerPolicy: String? = "strict-origin-when-cross-origin",
        strictTransportSecurity: String? = nil,
        contentSecurityPolicy: String? = nil,
        permissionsPolicy: String? = nil,
        crossOriginOpenerPolicy: String? = nil,
        xXSSProtection: String? = nil
    ) {
        let all: [(HeaderName, String?)] = [
            ("x-frame-options", xFrameOptions),
            ("x-content-type-options", xContentTypeOptions),
            ("referrer-policy", referrerPolicy),
            ("content-security-policy", contentSecurityPolicy),
            ("permissions-policy", permissionsPolicy),
            ("cross-origin-opener-policy", crossOriginOpenerPolicy),
            ("x-xss-protection", xXSSProtection),
            ("strict-transport-security", strictTransportSecurity),
        ]
        for case (let name, let value?) in all {
            precondition(!value.utf8.contains(where: FieldRules.isForbiddenInHeaderValue), "SecurityHeaders: the value of \(name) has a control character")
        }
        self.headers = all.dropLast().compactMap { name, value in value.map { (name, ByteString($0)) } }
        self.strictTransportSecurity = strictTransportSecurity.map { ByteString($0) }
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let headers = self.headers
        let hsts = self.strictTransportSecurity
        return { scope, receive, send in
            guard let request = scope.request else { return try await app(scope, receive, send) }
            let secure = request.scheme == "https" || request.scheme == "wss"
            try await app(scope, receive, changingResponseHeads(send) { head in
                for (name, value) in headers where !head.headers.contains(name) {
                    head.headers.append(name, value)
                }
                if secure, let hsts, !head.headers.contains("strict-transport-security") {
                    head.headers.append("strict-transport-security", hsts)
                }
            })
        }
    }
}
