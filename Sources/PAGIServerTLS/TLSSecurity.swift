public import NIOCore
public import NIOSSL
import NIOPosix
public import PAGIServer

/// TLS for the reference server, on NIOSSL (BoringSSL): put it in
/// ``PAGIServer/ServerConfiguration/connectionSecurity`` and every connection is TLS.
///
/// ```swift
/// var configuration = ServerConfiguration()
/// configuration.connectionSecurity = try TLSSecurity(TLSOptions(certificatePath: "cert.pem", keyPath: "key.pem"))
/// ```
///
/// The certificate, key and CA files are read and checked here, once: a server that starts
/// has a working TLS setup. Each connection then gets BoringSSL's handler, the handshake
/// timeout, and its scopes' `tls` extension, found once at the end of its handshake.
public struct TLSSecurity: ConnectionSecurity {
    private let context: NIOSSLContext
    /// The server's own certificate in PEM, as every `tls` extension shows it.
    private let serverCertificate: String?
    private let handshakeTimeout: TimeAmount?

    /// TLS as `options` describe it; throws, with one line naming the file or option at fault,
    /// when a file is missing or unreadable, holds no certificate or key, the key is encrypted
    /// and the password is missing or wrong, the key does not match the certificate, or no
    /// cipher suite matches `ciphers`.
    public init(_ options: TLSOptions) throws(TLSSetupError) {
        let loaded = try LoadedTLSFiles(options)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: loaded.chain.map { .certificate($0) },
            privateKey: .privateKey(loaded.key)
        )
        configuration.minimumTLSVersion = options.minimumVersion == .tls13 ? .tlsv13 : .tlsv12
        configuration.cipherSuiteValues = loaded.ciphers
        configuration.applicationProtocols = options.applicationProtocols
        if let roots = loaded.clientRoots {
            configuration.trustRoots = .certificates(roots)
            // The CA names tell clients (browsers) which of their certificates to offer.
            configuration.sendCANameList = true
        }
        switch options.clientVerification {
        case .none: configuration.certificateVerification = .none
        case .optional: configuration.certificateVerification = .optionalVerification
        case .required: configuration.certificateVerification = .noHostnameVerification
        }
        do {
            self.context = try NIOSSLContext(configuration: configuration)
        } catch NIOSSLError.failedToLoadPrivateKey {
            // The key parsed on its own: BoringSSL refuses it only when it is not the
            // certificate's.
            throw TLSSetupError("--ssl-key '\(options.keyPath)' does not match the certificate in --ssl-cert '\(options.certificatePath)'")
        } catch {
            throw TLSSetupError("TLS setup failed: \(error)")
        }
        self.serverCertificate = loaded.chain.first.flatMap(CertificateText.pem)
        self.handshakeTimeout = options.handshakeTimeout.map { TimeAmount($0) }
    }

    /// TLS with a NIOSSL configuration of the caller's own (any protocol versions, ciphers,
    /// trust roots, verification, ALPN protocols), for what ``TLSOptions`` does not offer.
    /// The scopes' `server_cert` is the chain's first certificate when the chain is given as
    /// certificates rather than a file.
    public init(configuration: TLSConfiguration, handshakeTimeout: Duration? = .seconds(10)) throws {
        self.context = try NIOSSLContext(configuration: configuration)
        if case .certificate(let certificate)? = configuration.certificateChain.first {
            self.serverCertificate = CertificateText.pem(certificate)
        } else {
            self.serverCertificate = nil
        }
        self.handshakeTimeout = handshakeTimeout.map { TimeAmount($0) }
    }

    public func secure(_ channel: any Channel) throws -> any ConnectionHandshake {
        let tls = NIOSSLServerHandler(context: self.context)
        let observer = HandshakeObserver(
            tls: tls,
            serverCertificate: self.serverCertificate,
            timeout: self.handshakeTimeout,
            promise: channel.eventLoop.makePromise()
        )
        try channel.pipeline.syncOperations.addHandlers([
            ServerHelloReader(observer: observer),
            tls,
            observer,
            FileRegionReader(threadPool: .singleton),
        ])
        return PendingHandshake(result: observer.result)
    }
}

/// The handshake of one connection, as the server waits for it.
struct PendingHandshake: ConnectionHandshake {
    let result: EventLoopFuture<SecuredConnection>

    func secured() async throws -> SecuredConnection {
        try await self.result.get()
    }
}
