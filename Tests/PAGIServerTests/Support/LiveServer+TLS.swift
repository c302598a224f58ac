import Foundation
import PAGI
import PAGIServer
import PAGIServerTLS

extension LiveServer {
    /// Runs `app` on a live HTTPS server with the test certificates (`tls` adjusts the TLS
    /// options, `configure` the rest) while `body` runs.
    static func runTLS<Result: Sendable>(
        _ app: @escaping Application,
        tls: (inout TLSOptions) -> Void = { _ in },
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (LiveServer, TestCertificates) async throws -> Result
    ) async throws -> Result {
        let certificates = TestCertificates.shared
        var options = TLSOptions(certificatePath: certificates.path("server.pem"), keyPath: certificates.path("server.key"))
        tls(&options)
        let security = try TLSSecurity(options)
        return try await LiveServer.run(app, configure: {
            $0.connectionSecurity = security
            configure(&$0)
        }) { server in
            try await body(server, certificates)
        }
    }

    /// `curl` against this server over HTTPS (trusting the test CA), with `arguments` before
    /// the URL.
    func curl(_ certificates: TestCertificates, _ arguments: [String] = [], path: String = "/") async throws -> Subprocess.Result {
        try await Subprocess.run("curl", ["-sS", "-m", "10", "--cacert", certificates.path("ca.pem")] + arguments + ["https://localhost:\(self.port)\(path)"])
    }
}

/// The part of the `scope` example's JSON the TLS tests look at.
struct ScopeReport: Decodable {
    struct TLS: Decodable, Equatable {
        let server_cert: String?
        let client_cert_chain: [String]
        let client_cert_name: String?
        let client_cert_error: String?
        let tls_version: Int?
        let cipher_suite: Int?
    }

    struct Extensions: Decodable {
        let tls: TLS?
    }

    let scheme: String
    let extensions: Extensions

    init(_ json: String) throws {
        self = try JSONDecoder().decode(ScopeReport.self, from: Data(json.utf8))
    }
}
