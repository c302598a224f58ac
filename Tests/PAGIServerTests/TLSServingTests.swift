import Foundation
import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import PAGIServerTLS
import Testing

/// HTTPS end to end: the server with the test certificates, curl and openssl as clients.
@Suite(.serialized, .enabled(if: Subprocess.isInstalled("curl") && Subprocess.isInstalled("openssl"), "needs curl and openssl (apt-get install curl openssl)"))
struct TLSServingTests {
    @Test func httpsScopesCarryTheTLSExtension() async throws {
        try await LiveServer.runTLS(ExampleApps.scope) { server, certificates in
            let result = try await server.curl(certificates, ["--tlsv1.3", "--tls13-ciphers", "TLS_CHACHA20_POLY1305_SHA256"])
            #expect(result.status == 0, "\(result.error)")
            let report = try ScopeReport(result.output)
            #expect(report.scheme == "https")
            let tls = try #require(report.extensions.tls)
            #expect(tls.tls_version == 0x0304)
            #expect(tls.cipher_suite == 0x1303)
            #expect(tls.server_cert == (try certificates.text("server.pem")))
            #expect(tls.client_cert_chain.isEmpty && tls.client_cert_name == nil && tls.client_cert_error == nil)
        }
    }

    @Test func versionAndCipherSuiteAreWhatTheClientUsed() async throws {
        try await LiveServer.runTLS(ExampleApps.scope) { server, certificates in
            for (cipher, id) in [("ECDHE-RSA-AES256-GCM-SHA384", 0xC030), ("ECDHE-RSA-CHACHA20-POLY1305", 0xCCA8)] {
                let result = try await server.curl(certificates, ["--tlsv1.2", "--tls-max", "1.2", "--ciphers", cipher])
                let tls = try #require(try ScopeReport(result.output).extensions.tls, "\(result.error)")
                #expect(tls.tls_version == 0x0303)
                #expect(tls.cipher_suite == id)
            }
            // TLS 1.0 and 1.1 are never offered; neither are suites left out of --ssl-ciphers.
            #expect(try await server.curl(certificates, ["--tlsv1.1", "--tls-max", "1.1"]).status != 0)
            #expect(try await server.curl(certificates, ["--tls-max", "1.2", "--ciphers", "AES128-SHA"]).status != 0)
        }
    }

    @Test func anECDSACertificateGetsTheECDSASuites() async throws {
        try await LiveServer.runTLS(ExampleApps.scope, tls: { options in
            options.certificatePath = options.certificatePath.replacingOccurrences(of: "server.pem", with: "server-ec.pem")
            options.keyPath = options.keyPath.replacingOccurrences(of: "server.key", with: "server-ec.key")
        }) { server, certificates in
            let result = try await server.curl(certificates, ["--tls-max", "1.2", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256"])
            let tls = try #require(try ScopeReport(result.output).extensions.tls, "\(result.error)")
            #expect(tls.cipher_suite == 0xC02B)
            #expect(tls.server_cert == (try certificates.text("server-ec.pem")))
        }
    }

    @Test func aMinimumOfTLS13RefusesTLS12() async throws {
        try await LiveServer.runTLS(ExampleApps.hello, tls: { $0.minimumVersion = .tls13 }) { server, certificates throws in
            #expect(try await server.curl(certificates, ["--tls-max", "1.2"]).status != 0)
            #expect(try await server.curl(certificates).output == "Hello, World!")
        }
    }

    @Test func cleartextScopesHaveNoTLSExtension() async throws {
        try await LiveServer.run(ExampleApps.scope) { server in
            let result = try await Subprocess.run("curl", ["-sS", "-m", "10", "http://127.0.0.1:\(server.port)/"])
            let report = try ScopeReport(result.output)
            #expect(report.scheme == "http")
            #expect(report.extensions.tls == nil)
            #expect(!result.output.contains("\"tls\""))
        }
    }

    @Test func theTLSInfoExampleWorksOverTLS() async throws {
        try await LiveServer.runTLS(ExampleApps.tlsInfo) { server, certificates in
            let result = try await server.curl(certificates, ["--tlsv1.2", "--tls-max", "1.2", "--ciphers", "ECDHE-RSA-AES128-GCM-SHA256"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.error)")
            #expect(report["tls_version"] as? String == "0x0303")
            #expect(report["cipher_suite"] as? String == "0xc02f")
            #expect(report["scheme"] as? String == "https")
        }
        try await LiveServer.run(ExampleApps.tlsInfo) { server in
            let result = try await Subprocess.run("curl", ["-sS", "-m", "10", "http://127.0.0.1:\(server.port)/"])
            #expect(result.output == "Connection is not using TLS")
        }
    }

    @Test func mutualTLSRequired() async throws {
        let calls = Box(0)
        let app: Application = { scope, receive, send in
            if case .http = scope { calls.withLock { $0 += 1 } }
            try await ExampleApps.scope(scope, receive, send)
        }
        try await LiveServer.runTLS(app, tls: { options in
            options.clientVerification = .required
            options.caPath = options.certificatePath.replacingOccurrences(of: "server.pem", with: "ca.pem")
        }) { server, certificates in
            let accepted = try await server.curl(certificates, ["--cert", certificates.path("client.pem"), "--key", certificates.path("client.key")])
            let tls = try #require(try ScopeReport(accepted.output).extensions.tls, "\(accepted.error)")
            #expect(tls.client_cert_chain == [try certificates.text("client.pem")])
            #expect(tls.client_cert_name == (try await Self.subject(of: certificates.path("client.pem"))))
            #expect(tls.client_cert_name == "CN=alice\\, the tester,OU=Clients,O=PAGI Tests")
            #expect(tls.client_cert_error == nil)
            #expect(calls.withLock { $0 } == 1)
            // No certificate, or one from a CA the server does not trust: refused at the
            // handshake, before any request reaches the application.
            #expect(try await server.curl(certificates).status != 0)
            let stranger = try await server.curl(certificates, ["--cert", certificates.path("other-client.pem"), "--key", certificates.path("other-client.key")])
            #expect(stranger.status != 0)
            #expect(calls.withLock { $0 } == 1)
        }
    }

    @Test func mutualTLSOptional() async throws {
        try await LiveServer.runTLS(ExampleApps.scope, tls: { options in
            options.clientVerification = .optional
            options.caPath = options.certificatePath.replacingOccurrences(of: "server.pem", with: "ca.pem")
        }) { server, certificates in
            let anonymous = try #require(try ScopeReport(try await server.curl(certificates).output).extensions.tls)
            #expect(anonymous.client_cert_chain.isEmpty && anonymous.client_cert_name == nil)
            let known = try await server.curl(certificates, ["--cert", certificates.path("client.pem"), "--key", certificates.path("client.key")])
            #expect(try ScopeReport(known.output).extensions.tls?.client_cert_name == "CN=alice\\, the tester,OU=Clients,O=PAGI Tests")
            let stranger = try await server.curl(certificates, ["--cert", certificates.path("other-client.pem"), "--key", certificates.path("other-client.key")])
            #expect(stranger.status != 0)
        }
    }

    @Test func webSocketsOverTLSAreWss() async throws {
        let upgrade = "GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try await LiveServer.runTLS(ExampleApps.scope, configure: { $0.webSocket.closeTimeout = .milliseconds(200) }) { server, certificates in
            let result = try await Subprocess.run(
                "timeout",
                ["10", "openssl", "s_client", "-quiet", "-ign_eof", "-connect", "127.0.0.1:\(server.port)", "-servername", "localhost",
                 "-CAfile", certificates.path("ca.pem"), "-verify_return_error"],
                input: upgrade
            )
            #expect(result.output.hasPrefix("HTTP/1.1 101"), "\(result.error)")
            #expect(result.output.contains("\"scheme\":\"wss\""))
            #expect(result.output.contains("\"tls\":{"))
        }
    }

    @Test func fileBodiesAreEncryptedToo() async throws {
        let contents = String((0..<300_000).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-tls-file-\(UUID().uuidString)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app: Application = { scope, _, send in
            if scope.request?.path == "/chunked" {
                try await send(.httpResponseStart(status: .ok))
                try await send(.httpResponseBody("<", more: true))
                try await send(.httpResponseFile(.path(path, offset: 1000, length: 100_000)))
            } else {
                try await send(.httpResponseStart(status: .ok, headers: ["content-length": "\(contents.utf8.count)"]))
                try await send(.httpResponseFile(.path(path)))
            }
        }
        try await LiveServer.runTLS(app) { server, certificates in
            // Both on one connection: the second request follows the first file.
            let result = try await Subprocess.run("curl", [
                "-sS", "-m", "10", "--cacert", certificates.path("ca.pem"),
                "https://localhost:\(server.port)/whole", "https://localhost:\(server.port)/chunked",
            ])
            let sliced = String(contents.utf8.dropFirst(1000).prefix(100_000))!
            #expect(result.output == contents + "<" + sliced, "\(result.error)")
        }
    }

    @Test func aStalledHandshakeIsDropped() async throws {
        try await LiveServer.runTLS(ExampleApps.hello, tls: { $0.handshakeTimeout = .milliseconds(200) }) { server, certificates in
            let client = try await server.connect()
            let started = ContinuousClock.now
            try await client.send("\u{16}\u{03}\u{01}")  // the first bytes of a ClientHello, and no more
            #expect(try await client.isClosedByServer(timeout: .seconds(5)))
            #expect(ContinuousClock.now - started < .seconds(3))
            // The server still serves others.
            #expect(try await server.curl(certificates).output == "Hello, World!")
        }
    }

    /// The subject as `openssl x509 -nameopt RFC2253` prints it.
    static func subject(of path: String) async throws -> String {
        let result = try await Subprocess.run("openssl", ["x509", "-in", path, "-noout", "-subject", "-nameopt", "RFC2253"])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "subject=", with: "")
    }
}
