import Foundation

/// The throwaway certificates of the TLS tests, committed in `Tests/Fixtures/tls` and made
/// by `Tests/Fixtures/make-test-certs.sh` (see the README there).
struct TestCertificates: Sendable {
    let directory: String

    /// The path of `name` (`ca.pem`, `server.key`, ...; see the script).
    func path(_ name: String) -> String { self.directory + "/" + name }

    /// The text of `name`.
    func text(_ name: String) throws -> String { try String(contentsOfFile: self.path(name), encoding: .utf8) }

    static let shared = TestCertificates(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/tls").path
    )
}
