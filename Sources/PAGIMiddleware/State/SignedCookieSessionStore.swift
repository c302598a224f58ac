#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Sessions kept in the session cookie itself, signed so the client cannot change them
/// (Starlette's `SessionMiddleware`, Mojolicious's sessions): no server-side state, so every
/// worker process sees every session.
///
/// - The client can read the values (they are signed, not encrypted): keep no secrets in them.
/// - The expiry is inside the signed data too, so a copied cookie stops working after
///   `lifetime` even if a client keeps it.
/// - A session must fit a cookie: saving one whose cookie value is longer than
///   `maxCookieSize` bytes throws ``SessionCookieTooLarge`` (browsers keep at most about 4 KB
///   per cookie and drop larger ones without a word).
/// - Deleting does nothing: there is nothing to forget on the server. A destroyed session's
///   cookie is removed from the client, but a copy taken before stays valid until it expires.
/// - Values changed after the response head went out cannot be saved: the cookie was sent.
public struct SignedCookieSessionStore: SessionStore {
    private struct Payload: Codable {
        /// Expiry, in seconds since 1970.
        var e: Int64
        /// The values.
        var v: [String: String]
    }

    private let signer: CookieSigner
    /// The longest cookie value saved, in bytes.
    public let maxCookieSize: Int

    /// A store signing with `signer`, for cookie values up to `maxCookieSize` bytes (4,000 by
    /// default, leaving room for the name and attributes in a browser's 4,096).
    public init(signer: CookieSigner, maxCookieSize: Int = 4_000) {
        self.signer = signer
        self.maxCookieSize = maxCookieSize
    }

    public func load(id: String) async -> [String: String]? {
        guard let encoded = self.signer.verify(id, name: "pagi.session"),
            let json = Base64URL.decode(encoded),
            let payload = try? JSONDecoder().decode(Payload.self, from: Data(json)),
            payload.e > Int64(Date().timeIntervalSince1970)
        else { return nil }
        return payload.v
    }

    public func save(id: String, values: [String: String], lifetime: Duration) async throws -> String {
        let expires = Int64(Date().timeIntervalSince1970) + lifetime.components.seconds
        let json = try JSONEncoder().encode(Payload(e: expires, v: values))
        let cookie = self.signer.sign(Base64URL.encode(json), name: "pagi.session")
        guard cookie.utf8.count <= self.maxCookieSize else {
            throw SessionCookieTooLarge(size: cookie.utf8.count, limit: self.maxCookieSize)
        }
        return cookie
    }

    public func delete(id: String) async {}
}

/// A session too large for ``SignedCookieSessionStore``'s cookie.
public struct SessionCookieTooLarge: Error, Hashable, CustomStringConvertible {
    /// The size of the cookie value it would need, in bytes.
    public var size: Int
    /// The store's limit, in bytes.
    public var limit: Int

    public var description: String {
        "The session needs a \(self.size)-byte cookie, over the limit of \(self.limit) bytes: keep less in it, or use a server-side SessionStore"
    }
}
