#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOSSL

/// The files ``TLSOptions`` name, read and checked one by one, so that a mistake is reported
/// with the file and option it concerns (BoringSSL's own errors name neither).
struct LoadedTLSFiles {
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey
    /// The CA certificates client certificates must chain to, when given.
    let clientRoots: [NIOSSLCertificate]?
    /// The TLS 1.2 cipher suites, in order of preference.
    let ciphers: [NIOTLSCipher]

    init(_ options: TLSOptions) throws(TLSSetupError) {
        self.chain = try Self.certificates(at: options.certificatePath, option: "--ssl-cert")
        self.key = try Self.privateKey(at: options.keyPath, password: options.keyPassword)
        if let path = options.caPath {
            self.clientRoots = try Self.certificates(at: path, option: "--ssl-ca")
        } else if options.clientVerification != .none {
            throw TLSSetupError(
                "--ssl-verify-client \(options.clientVerification.rawValue) needs --ssl-ca, the CA certificates that client certificates must chain to"
            )
        } else {
            self.clientRoots = nil
        }
        self.ciphers = try CipherSuites.parse(options.ciphers)
    }

    /// Every PEM certificate in the file at `path` (at least one).
    static func certificates(at path: String, option: String) throws(TLSSetupError) -> [NIOSSLCertificate] {
        let bytes = try Self.read(path, option: option)
        let certificates = (try? NIOSSLCertificate.fromPEMBytes(bytes)) ?? []
        guard !certificates.isEmpty else { throw TLSSetupError("\(option) '\(path)' holds no PEM certificate") }
        return certificates
    }

    /// The PEM private key in the file at `path`, decrypted with `password` when it is
    /// encrypted.
    static func privateKey(at path: String, password: String?) throws(TLSSetupError) -> NIOSSLPrivateKey {
        let bytes = try Self.read(path, option: "--ssl-key")
        // PKCS#8 ("BEGIN ENCRYPTED PRIVATE KEY") and the traditional form ("Proc-Type: 4,ENCRYPTED").
        let encrypted = String(decoding: bytes, as: UTF8.self).contains("ENCRYPTED")
        if encrypted && password == nil {
            throw TLSSetupError("--ssl-key '\(path)' is encrypted: give its password with --ssl-key-password")
        }
        do {
            guard let password else { return try NIOSSLPrivateKey(bytes: bytes, format: .pem) }
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem) { (setPassword: ([UInt8]) -> Void) in
                setPassword(Array(password.utf8))
            }
        } catch {
            throw TLSSetupError(encrypted ? "--ssl-key-password is not the password of '\(path)'" : "--ssl-key '\(path)' holds no PEM private key")
        }
    }

    /// The bytes of the file at `path`; the system's reason when it cannot be read.
    private static func read(_ path: String, option: String) throws(TLSSetupError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw TLSSetupError("\(option) '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes += chunk[0..<count] }
            if count < chunk.count { break }
        }
        if ferror(file) != 0 {
            throw TLSSetupError("\(option) '\(path)': \(String(cString: strerror(errno)))")
        }
        return bytes
    }
}
