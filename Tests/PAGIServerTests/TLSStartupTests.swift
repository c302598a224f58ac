import ArgumentParser
import Foundation
import PAGICommand
import PAGIServer
import PAGIServerTLS
import Testing

/// The `--ssl-*` options, and the one-line refusals of TLS files that cannot work, before the
/// server listens.
@Suite struct TLSStartupTests {
    @Test func optionsBecomeTLSOptions() throws {
        #expect(try ServerOptions.parse([]).configuration().connectionSecurity == nil)
        let options = try ServerOptions.parse([
            "--ssl-cert", "c.pem", "--ssl-key", "k.pem", "--ssl-ca", "ca.pem", "--ssl-verify-client", "optional",
            "--ssl-min-version", "1.3", "--ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256", "--timeout-ssl-handshake", "2.5",
        ])
        let tls = try #require(options.tls.tlsOptions(environment: ["PAGI_SSL_KEY_PASSWORD": "from the environment"]))
        #expect(tls.certificatePath == "c.pem" && tls.keyPath == "k.pem" && tls.caPath == "ca.pem")
        #expect(tls.clientVerification == .optional && tls.minimumVersion == .tls13)
        #expect(tls.ciphers == "ECDHE-RSA-AES128-GCM-SHA256" && tls.handshakeTimeout == .milliseconds(2500))
        #expect(tls.keyPassword == "from the environment")
        let explicit = try ServerOptions.parse(["--ssl-cert", "c", "--ssl-key", "k", "--ssl-key-password", "given", "--timeout-ssl-handshake", "0"])
        #expect(explicit.tls.tlsOptions(environment: ["PAGI_SSL_KEY_PASSWORD": "ignored"])?.keyPassword == "given")
        #expect(explicit.tls.tlsOptions()?.handshakeTimeout == nil)
        let defaults = try #require(try ServerOptions.parse(["--ssl-cert", "c", "--ssl-key", "k"]).tls.tlsOptions(environment: [:]))
        #expect(defaults.clientVerification == .none && defaults.minimumVersion == .tls12 && defaults.handshakeTimeout == .seconds(10))
        #expect(defaults.ciphers == TLSOptions.defaultCiphers && defaults.keyPassword == nil)
        // Options that make no sense alone are refused as bad usage (exit code 64).
        for arguments in [["--ssl-cert", "c"], ["--ssl-key", "k"], ["--ssl-ca", "ca"], ["--ssl-verify-client", "required"],
                          ["--ssl-cert", "c", "--ssl-key", "k", "--ssl-min-version", "1.1"],
                          ["--ssl-cert", "c", "--ssl-key", "k", "--timeout-ssl-handshake", "-1"]] {
            #expect(throws: (any Error).self, "\(arguments)") { try ServerOptions.parse(arguments) }
        }
    }

    @Test func workingFilesMakeASecuredConfiguration() async throws {
        let certificates = TestCertificates.shared
        let configuration = try ServerOptions.parse([
            "--ssl-cert", certificates.path("server.pem"), "--ssl-key", certificates.path("server-encrypted.key"),
            "--ssl-key-password", "test-password", "--ssl-ca", certificates.path("ca.pem"), "--ssl-verify-client", "required",
        ]).configuration()
        #expect(configuration.connectionSecurity != nil)
    }

    @Test func unusableFilesStopStartupWithOneLine() async throws {
        let certificates = TestCertificates.shared
        let cert = certificates.path("server.pem"), key = certificates.path("server.key")
        let cases: [([String], String)] = [
            (["--ssl-cert", "/nonexistent/cert.pem", "--ssl-key", key], "--ssl-cert '/nonexistent/cert.pem': No such file or directory"),
            (["--ssl-cert", cert, "--ssl-key", "/nonexistent/key.pem"], "--ssl-key '/nonexistent/key.pem': No such file or directory"),
            (["--ssl-cert", key, "--ssl-key", key], "--ssl-cert '\(key)' holds no PEM certificate"),
            (["--ssl-cert", cert, "--ssl-key", cert], "--ssl-key '\(cert)' holds no PEM private key"),
            (["--ssl-cert", cert, "--ssl-key", certificates.path("client.key")],
             "--ssl-key '\(certificates.path("client.key"))' does not match the certificate in --ssl-cert '\(cert)'"),
            (["--ssl-cert", cert, "--ssl-key", certificates.path("server-encrypted.key")],
             "--ssl-key '\(certificates.path("server-encrypted.key"))' is encrypted: give its password with --ssl-key-password"),
            (["--ssl-cert", cert, "--ssl-key", certificates.path("server-encrypted.key"), "--ssl-key-password", "wrong"],
             "--ssl-key-password is not the password of '\(certificates.path("server-encrypted.key"))'"),
            (["--ssl-cert", cert, "--ssl-key", key, "--ssl-verify-client", "required"],
             "--ssl-verify-client required needs --ssl-ca, the CA certificates that client certificates must chain to"),
            (["--ssl-cert", cert, "--ssl-key", key, "--ssl-ca", "/nonexistent/ca.pem"], "--ssl-ca '/nonexistent/ca.pem': No such file or directory"),
            (["--ssl-cert", cert, "--ssl-key", key, "--ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:RC4-MD5"], "--ssl-ciphers: unknown cipher suite 'RC4-MD5'"),
        ]
        for (arguments, message) in cases {
            let options = try ServerOptions.parse(arguments)
            let error = #expect(throws: TLSSetupError.self, "\(arguments)") { try options.configuration() }
            #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "no error") for \(arguments)")
            #expect(error?.description.contains("\n") == false)
        }
    }

    /// The real `pagi-server`, as a user runs it: one line on standard error, exit code 1,
    /// and nothing listening.
    @Test func theCommandPrintsOneLineAndExits1() async throws {
        let certificates = TestCertificates.shared
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let command = products.appendingPathComponent("pagi-server").path
        try #require(FileManager.default.isExecutableFile(atPath: command), "pagi-server is built with the tests (swift build)")
        let result = try await Subprocess.run(command, [
            "--port", "0", "--ssl-cert", certificates.path("server.pem"), "--ssl-key", certificates.path("client.key"),
        ])
        #expect(result.status == 1)
        #expect(result.error == "pagi-server: --ssl-key '\(certificates.path("client.key"))' does not match the certificate in --ssl-cert '\(certificates.path("server.pem"))'\n")
        #expect(!result.error.contains("listening"))
    }
}
