import PAGI

/// A `Set-Cookie` a response carries: the name and value, and every attribute RFC 6265 and
/// its updates define.
///
/// ```swift
/// Cookie("theme", "dark", maxAge: 86_400).headerValue
/// // theme=dark; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax
/// ```
///
/// The defaults are the safe ones: `Path=/`, `HttpOnly`, `SameSite=Lax`. ``RequestCookies``
/// reads back what ``headerValue`` writes.
public struct Cookie: Sendable, Hashable {
    /// The `SameSite` attribute.
    public enum SameSite: String, Sendable, Hashable {
        case strict = "Strict"
        case lax = "Lax"
        /// Sent on cross-site requests too; the cookie is always `Secure` then.
        case none = "None"
    }

    public var name: String
    public var value: String
    public var path: String?
    public var domain: String?
    /// Seconds until it expires; zero or less removes it.
    public var maxAge: Int?
    /// An HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`), for clients that ignore `Max-Age`.
    public var expires: String?
    public var secure: Bool
    public var httpOnly: Bool
    public var sameSite: SameSite?
    public var partitioned: Bool

    public init(
        _ name: String,
        _ value: String,
        path: String? = "/",
        domain: String? = nil,
        maxAge: Int? = nil,
        expires: String? = nil,
        secure: Bool = false,
        httpOnly: Bool = true,
        sameSite: SameSite? = .lax,
        partitioned: Bool = false
    ) {
        self.name = name
        self.value = value
        self.path = path
        self.domain = domain
        self.maxAge = maxAge
        self.expires = expires
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
        self.partitioned = partitioned
    }

    /// The cookie that removes the cookie `name` from the client: an empty value with
    /// `Max-Age=0` and an expiry in the past. `path` and `domain` must be those it was set with.
    public static func removal(_ name: String, path: String? = "/", domain: String? = nil) -> Cookie {
        Cookie(name, "", path: path, domain: domain, maxAge: 0, expires: "Thu, 01 Jan 1970 00:00:00 GMT", httpOnly: false, sameSite: nil)
    }

    /// The `Set-Cookie` value. The value is percent-encoded where RFC 6265 does not allow a
    /// byte in a cookie value (space, `"`, `,`, `;`, `\`, `%`, controls, non-ASCII).
    public var headerValue: String {
        var text = "\(self.name)=\(PercentEncoding.encode(self.value, keeping: Self.isCookieOctet))"
        if let path { text += "; Path=\(path)" }
        if let domain { text += "; Domain=\(domain)" }
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if let expires { text += "; Expires=\(expires)" }
        if self.secure || self.sameSite == SameSite.none || self.partitioned { text += "; Secure" }
        if self.httpOnly { text += "; HttpOnly" }
        if let sameSite { text += "; SameSite=\(sameSite.rawValue)" }
        if self.partitioned { text += "; Partitioned" }
        return text
    }

    /// RFC 6265's `cookie-octet`, without `%` (it introduces an escape).
    private static func isCookieOctet(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x24, 0x26...0x2B, 0x2D...0x3A, 0x3C...0x5B, 0x5D...0x7E: return true
        default: return false
        }
    }
}
