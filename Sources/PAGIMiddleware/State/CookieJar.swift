public import PAGI
import Synchronization

/// The cookies a response will set: the ``Cookies`` middleware puts one in the scope
/// (`request[.cookieJar]`) and adds what it holds to the response head as `Set-Cookie` fields.
///
/// ```swift
/// request[.cookieJar]?.set(Cookie("theme", "dark", maxAge: 86_400))
/// request[.cookieJar]?.setSigned(Cookie("user", "42"))
/// request[.cookieJar]?.remove("flash")
/// ```
///
/// Cookies set after the response head went out are not sent.
public final class CookieJar: Sendable {
    private let signer: CookieSigner?
    private let cookies = Mutex<[Cookie]>([])

    /// An empty jar; ``setSigned(_:)`` signs with `signer`.
    public init(signer: CookieSigner? = nil) {
        self.signer = signer
    }

    /// Sets `cookie` (replacing one of the same name, path and domain set before).
    public func set(_ cookie: Cookie) {
        self.cookies.withLock { cookies in
            cookies.removeAll { $0.name == cookie.name && $0.path == cookie.path && $0.domain == cookie.domain }
            cookies.append(cookie)
        }
    }

    /// Sets `cookie` with its value signed (read it back from `request[.signedCookies]`).
    /// The ``Cookies`` middleware must have been given a signer.
    public func setSigned(_ cookie: Cookie) {
        guard let signer = self.signer else { preconditionFailure("setSigned needs a Cookies middleware with a signer") }
        var signed = cookie
        signed.value = signer.sign(cookie.value, name: cookie.name)
        self.set(signed)
    }

    /// Removes the cookie `name` from the client; `path` and `domain` must be those it was set with.
    public func remove(_ name: String, path: String? = "/", domain: String? = nil) {
        self.set(Cookie.removal(name, path: path, domain: domain))
    }

    /// The cookies set so far, in order.
    public var pending: [Cookie] { self.cookies.withLock { $0 } }
}

extension ScopeKey where Value == CookieJar {
    /// `pagi.cookie_jar`: the cookies the response will set (see ``Cookies``).
    public static let cookieJar = ScopeKey("pagi.cookie_jar")
}
