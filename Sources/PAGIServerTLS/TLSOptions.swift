/// What `pagi-server`'s `--ssl-*` options describe: the server's certificate and key, how
/// clients are verified, and the protocol floor. ``TLSSecurity/init(_:)`` loads and checks
/// them. `docs/server-behavior.md` (TLS) states the defaults and limits.
public struct TLSOptions: Sendable, Hashable {
    /// Whether clients must show a certificate (mutual TLS).
    public enum ClientVerification: String, Sendable, CaseIterable {
        /// No certificate is asked for.
        case none
        /// A certificate is asked for; a client without one is served, a client whose
        /// certificate does not verify against ``caPath`` is refused at the handshake.
        case optional
        /// Only clients with a certificate that verifies against ``caPath`` are served.
        case required
    }

    /// The oldest protocol version the server accepts; it negotiates the newest both sides
    /// support. TLS 1.0 and 1.1 are never offered.
    public enum MinimumVersion: String, Sendable, CaseIterable {
        case tls12 = "1.2"
        case tls13 = "1.3"
    }

    /// The TLS 1.2 cipher suites offered by default, in order: forward-secret ECDHE key
    /// exchange with AEAD ciphers only (Mozilla's "intermediate" list, less the DHE suites
    /// BoringSSL lacks). TLS 1.3 suites are not configurable (BoringSSL offers its three).
    /// Only the suites of an RSA or ECDSA certificate's own kind are used.
    public static let defaultCiphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// The server's certificate chain, PEM: its own certificate first, then intermediates.
    public var certificatePath: String
    /// The private key of the certificate, PEM (PKCS#8, or the traditional RSA/EC forms).
    public var keyPath: String
    /// The password of an encrypted private key.
    public var keyPassword: String?
    /// The CA certificates (PEM) client certificates must chain to; needed when
    /// ``clientVerification`` is not `none`.
    public var caPath: String?
    /// Whether clients must show a certificate (default `none`).
    public var clientVerification = ClientVerification.none
    /// The oldest protocol version accepted (default TLS 1.2).
    public var minimumVersion = MinimumVersion.tls12
    /// The TLS 1.2 cipher suites in order of preference: OpenSSL or IANA names separated
    /// by colons (default ``defaultCiphers``). OpenSSL's rules (`ECDHE+AESGCM`, `!aNULL`) are
    /// not accepted: each suite is named.
    public var ciphers = TLSOptions.defaultCiphers
    /// How long a new connection may take to complete its handshake before it is closed;
    /// `nil` for no limit (default 10 seconds).
    public var handshakeTimeout: Duration? = .seconds(10)
    /// The application protocols offered in ALPN, in order of preference (default
    /// `http/1.1` only). Put `h2` first when the server serves HTTP/2
    /// (``ServerConfiguration/http2``); a client that offers none of them gets HTTP/1.1.
    public var applicationProtocols = ["http/1.1"]

    /// Options for the certificate chain at `certificatePath` and its key at `keyPath`.
    public init(certificatePath: String, keyPath: String, keyPassword: String? = nil) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.keyPassword = keyPassword
    }
}
