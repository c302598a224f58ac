public import PAGI

/// The name and attributes of a cookie that a middleware sets on its own (the session's, the
/// CSRF token's).
public struct CookieSettings: Sendable, Hashable {
    /// The cookie's name.
    public var name: String
    /// `Path`; `/` by default.
    public var path: String?
    /// `Domain`; none by default (the cookie goes back to this host only).
    public var domain: String?
    /// `Secure`; `nil` (the default) sets it when the request came over `https` or `wss`.
    public var secure: Bool?
    /// `HttpOnly`: scripts cannot read the cookie.
    public var httpOnly: Bool
    /// `SameSite`; `Lax` by default.
    public var sameSite: Cookie.SameSite?

    public init(
        name: String,
        path: String? = "/",
        domain: String? = nil,
        secure: Bool? = nil,
        httpOnly: Bool = true,
        sameSite: Cookie.SameSite? = .lax
    ) {
        self.name = name
        self.path = path
        self.domain = domain
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// The cookie carrying `value` in the response to `request`.
    public func cookie(_ value: String, maxAge: Int? = nil, for request: RequestScope) -> Cookie {
        let secure = self.secure ?? (request.scheme == "https" || request.scheme == "wss")
        return Cookie(
            self.name, value, path: self.path, domain: self.domain, maxAge: maxAge,
            secure: secure, httpOnly: self.httpOnly, sameSite: self.sameSite
        )
    }

    /// The cookie that removes this one from the client.
    public var removal: Cookie { Cookie.removal(self.name, path: self.path, domain: self.domain) }
}

extension Headers {
    /// One `set-cookie` field per cookie.
    init(setting cookies: [Cookie]) {
        self.init(cookies.map { Field(name: .setCookie, value: ByteString($0.headerValue)) })
    }
}
