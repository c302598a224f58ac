import Crypto

/// Signs values with HMAC-SHA256 so that a client can read them but not change them: signed
/// cookies (``Cookies``), the session cookie store (``SignedCookieSessionStore``), CSRF cookies.
///
/// ```swift
/// let signer = CookieSigner(secrets: [newSecret, oldSecret])
/// let signed = signer.sign("42", name: "user")   // "42.<43 characters of signature>"
/// signer.verify(signed, name: "user")            // "42"
/// signer.verify("43." + signature, name: "user") // nil: changed
/// ```
///
/// - Key rotation: values are signed with the first secret and verified with any of them, so
///   a new secret goes first and the old one stays listed until the values it signed expire.
/// - The signature covers the name as well as the value, so a value signed for one cookie
///   does not verify as another.
/// - Signatures are compared in constant time.
///
/// A secret should be at least 32 random bytes (`openssl rand -base64 32`), kept out of the
/// source. Signing is not encryption: the value stays readable.
public struct CookieSigner: Sendable {
    private let keys: [SymmetricKey]

    /// A signer that signs with the first of `secrets` (UTF-8 bytes) and verifies with any.
    public init(secrets: [String]) {
        precondition(!secrets.isEmpty, "CookieSigner needs at least one secret")
        self.keys = secrets.map { SymmetricKey(data: Array($0.utf8)) }
    }

    /// A signer with one secret.
    public init(secret: String) {
        self.init(secrets: [secret])
    }

    /// `value` followed by `.` and its signature (base64url, 43 characters).
    public func sign(_ value: String, name: String = "") -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Self.message(value, name: name), using: self.keys[0])
        return value + "." + Base64URL.encode(code)
    }

    /// The value `signed` carries when its signature is valid for `name` under one of the
    /// secrets; `nil` when it was changed, signed with another secret or is not signed.
    public func verify(_ signed: String, name: String = "") -> String? {
        guard let dot = signed.lastIndex(of: "."),
            let signature = Base64URL.decode(signed[signed.index(after: dot)...]),
            signature.count == SHA256.byteCount
        else { return nil }
        let value = String(signed[..<dot])
        let message = Self.message(value, name: name)
        // Every key is tried, so the time taken does not tell which one matched.
        var valid = false
        for key in self.keys where HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key) {
            valid = true
        }
        return valid ? value : nil
    }

    /// What is signed: the name's length, the name and the value, so that no two pairs give
    /// the same bytes.
    private static func message(_ value: String, name: String) -> [UInt8] {
        Array("\(name.utf8.count):\(name)".utf8) + Array(value.utf8)
    }
}
