import Foundation

/// Throwaway certificates for the TLS tests, made once per test run by
/// `Tests/Fixtures/make-test-certs.sh` (openssl) under the package's `.build` (never
/// committed, gone with the build).
struct TestCertificates: Sendable {
    let directory: String

    /// The path of `name` (`ca.pem`, `server.key`, ...; see the script).
    func path(_ name: String) -> String { self.directory + "/" + name }

    /// The text of `name`.
    func text(_ name: String) throws -> String { try String(contentsOfFile: self.path(name), encoding: .utf8) }

    /// The certificates, made on first use.
    static func shared() async throws -> TestCertificates { try await Self.made.value }

    private static let made = Task<TestCertificates, any Error> {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = tests.appendingPathComponent("Fixtures/make-test-certs.sh").path
        let directory = tests.deletingLastPathComponent().appendingPathComponent(".build/test-certificates/\(getpid())").path
        let result = try await Subprocess.run("bash", [script, directory])
        guard result.status == 0 else { throw TestFailure("make-test-certs.sh failed: \(result.error)") }
        return TestCertificates(directory: directory)
    }
}
