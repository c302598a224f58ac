public import PAGIMiddleware

/// A `Set-Cookie` the response carries (the middleware library's ``PAGIMiddleware/Cookie``).
public typealias Cookie = PAGIMiddleware.Cookie

extension Response {
    /// The response, setting `cookie`.
    public func cookie(_ cookie: Cookie) -> Response {
        self.header("set-cookie", cookie.headerValue)
    }

    /// The response, removing the cookie `name` (an empty value with `Max-Age=0` and an expiry
    /// in the past; `path` and `domain` must be those it was set with).
    public func removingCookie(_ name: String, path: String? = "/", domain: String? = nil) -> Response {
        self.cookie(Cookie.removal(name, path: path, domain: domain))
    }
}
