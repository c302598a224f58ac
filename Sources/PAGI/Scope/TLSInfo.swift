/// The `tls` extension: facts about the TLS connection a scope arrived on. Present only on
/// TLS connections; a cleartext scope never carries it.
public struct TLSInfo: Sendable, Hashable {
    /// `server_cert`: the server's certificate in PEM, when known.
    public var serverCert: String?
    /// `client_cert_chain`: the client's certificates in PEM, leaf first; empty when the
    /// client sent none.
    public var clientCertChain: [String]
    /// `client_cert_name`: the client certificate's subject as an RFC 4514 distinguished name.
    public var clientCertName: String?
    /// `client_cert_error`: why verifying the client certificate failed, when it failed but the
    /// connection was kept.
    public var clientCertError: String?
    /// `tls_version`: the protocol version as on the wire (`0x0303` is TLS 1.2, `0x0304` TLS 1.3).
    public var tlsVersion: UInt16?
    /// `cipher_suite`: the negotiated cipher suite's 16-bit identifier (`0x1301` is
    /// TLS_AES_128_GCM_SHA256).
    public var cipherSuite: UInt16?

    /// TLS facts; unknown ones stay `nil` (or empty).
    public init(
        serverCert: String? = nil,
        clientCertChain: [String] = [],
        clientCertName: String? = nil,
        clientCertError: String? = nil,
        tlsVersion: UInt16? = nil,
        cipherSuite: UInt16? = nil
    ) {
        self.serverCert = serverCert
        self.clientCertChain = clientCertChain
        self.clientCertName = clientCertName
        self.clientCertError = clientCertError
        self.tlsVersion = tlsVersion
        self.cipherSuite = cipherSuite
    }
}
