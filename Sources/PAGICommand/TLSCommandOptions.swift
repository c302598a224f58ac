public import ArgumentParser
public import PAGIServerTLS
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The server's TLS options (`--ssl-*`): with `--ssl-cert` and `--ssl-key` every connection
/// is HTTPS. `security()` loads and checks the files.
public struct TLSCommandOptions: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp("Serve HTTPS with this certificate chain (PEM, the server's own certificate first). Needs --ssl-key.", valueName: "path"))
    public var sslCert: String?

    @Option(help: ArgumentHelp("The certificate's private key (PEM).", valueName: "path"))
    public var sslKey: String?

    @Option(help: ArgumentHelp(
        "The password of an encrypted --ssl-key (default: $PAGI_SSL_KEY_PASSWORD; the environment keeps it out of the process list).",
        valueName: "password"
    ))
    public var sslKeyPassword: String?

    @Option(help: ArgumentHelp("The CA certificates (PEM) that client certificates must chain to.", valueName: "path"))
    public var sslCa: String?

    @Option(help: ArgumentHelp(
        "Client certificates: none (not asked for), optional (asked for; a client without one is served), required (mutual TLS). A certificate that does not verify against --ssl-ca is refused.",
        valueName: "mode"
    ))
    public var sslVerifyClient: TLSOptions.ClientVerification = .none

    @Option(help: ArgumentHelp("The oldest TLS version accepted: 1.2 or 1.3.", valueName: "version"))
    public var sslMinVersion: TLSOptions.MinimumVersion = .tls12

    @Option(help: ArgumentHelp(
        "The TLS 1.2 cipher suites in order of preference: OpenSSL or IANA names separated by colons (default: ECDHE key exchange with AES-GCM or ChaCha20-Poly1305 only). TLS 1.3's suites are fixed.",
        valueName: "list"
    ))
    public var sslCiphers: String?

    @Option(help: "Seconds a new TLS connection may take to complete its handshake before it is closed; 0: no limit.")
    public var timeoutSslHandshake: Double = 10

    public init() {}

    public mutating func validate() throws {
        if (self.sslCert == nil) != (self.sslKey == nil) { throw ValidationError("--ssl-cert and --ssl-key go together") }
        let tlsOnly = self.sslKeyPassword != nil || self.sslCa != nil || self.sslVerifyClient != .none || self.sslCiphers != nil
        if self.sslCert == nil && tlsOnly { throw ValidationError("the --ssl-* options need --ssl-cert and --ssl-key") }
        if !(self.timeoutSslHandshake >= 0 && self.timeoutSslHandshake.isFinite) {
            throw ValidationError("--timeout-ssl-handshake must be a number of seconds, 0 or more")
        }
    }

    /// The options as ``TLSOptions``; `nil` without `--ssl-cert`. `environment` (default:
    /// the process's) supplies `PAGI_SSL_KEY_PASSWORD`; with `http2` ALPN offers `h2` first.
    public func tlsOptions(environment: [String: String]? = nil, http2: Bool = false) -> TLSOptions? {
        guard let certificate = self.sslCert, let key = self.sslKey else { return nil }
        let environment = environment ?? ProcessInfo.processInfo.environment
        var options = TLSOptions(certificatePath: certificate, keyPath: key, keyPassword: self.sslKeyPassword ?? environment["PAGI_SSL_KEY_PASSWORD"])
        options.caPath = self.sslCa
        options.clientVerification = self.sslVerifyClient
        options.minimumVersion = self.sslMinVersion
        if let ciphers = self.sslCiphers { options.ciphers = ciphers }
        options.handshakeTimeout = self.timeoutSslHandshake == 0 ? nil : .milliseconds(Int64(self.timeoutSslHandshake * 1000))
        if http2 { options.applicationProtocols = ["h2", "http/1.1"] }
        return options
    }

    /// TLS as the options describe it, its files loaded and checked; `nil` without
    /// `--ssl-cert`. Throws a ``TLSSetupError`` (one line) when they are not usable.
    public func security(environment: [String: String]? = nil, http2: Bool = false) throws(TLSSetupError) -> TLSSecurity? {
        guard let options = self.tlsOptions(environment: environment, http2: http2) else { return nil }
        return try TLSSecurity(options)
    }
}

extension TLSOptions.ClientVerification: ExpressibleByArgument {}
extension TLSOptions.MinimumVersion: ExpressibleByArgument {}
