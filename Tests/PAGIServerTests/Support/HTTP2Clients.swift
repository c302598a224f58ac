import Foundation
import PAGI
import PAGIServer
import PAGIServerHTTP2

/// The HTTP/2 clients the live tests drive: curl (built with nghttp2), nghttp and h2load
/// from Debian's `nghttp2-client`, and Python's `h2` package in the repository's `.venv`
/// (`.ci/run` installs them all) through `Tests/Conformance/h2_client.py`.
enum HTTP2Clients {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repository.appendingPathComponent(".venv/bin/python").path
    static let script = repository.appendingPathComponent("Tests/Conformance/h2_client.py").path
    /// The WebSocket-over-HTTP/2 scenarios (RFC 8441).
    static let webSocketScript = repository.appendingPathComponent("Tests/Conformance/h2_websocket.py").path

    /// Whether curl speaks HTTP/2 (it lists the HTTP2 feature).
    static let curlHasHTTP2: Bool = {
        guard Subprocess.isInstalled("curl") else { return false }
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "--version"]
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return false }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output.contains("HTTP2")
    }()

    /// Whether `.venv` has Python's `h2` package.
    static let hasPythonH2: Bool = {
        let lib = repository.appendingPathComponent(".venv/lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        return versions.contains { FileManager.default.fileExists(atPath: lib.appendingPathComponent("\($0)/site-packages/h2").path) }
    }()

    /// Runs a scenario of `script` (`h2_client.py` unless said) against `port`; its JSON output.
    static func scenario(_ name: String, port: Int, _ arguments: [String] = [], script: String = Self.script) async throws -> Any {
        let result = try await Subprocess.run(Self.python, [script, name, String(port)] + arguments)
        guard result.status == 0 else { throw TestFailure("\(script) \(name) failed: \(result.error)") }
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    }
}

extension LiveServer {
    /// Runs `app` on a live server that also speaks cleartext HTTP/2 with prior knowledge
    /// (`options` adjusts the HTTP/2 options) while `body` runs.
    static func runH2C<Result: Sendable>(
        _ app: @escaping Application,
        options: (inout HTTP2Options) -> Void = { _ in },
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (LiveServer) async throws -> Result
    ) async throws -> Result {
        var http2 = HTTP2Options(cleartext: true)
        options(&http2)
        return try await LiveServer.run(app, configure: {
            $0.http2 = http2
            configure(&$0)
        }, body)
    }

    /// `curl --http2-prior-knowledge` against this server, with `arguments` before the URL.
    func curlH2C(_ path: String = "/", _ arguments: [String] = [], input: String = "") async throws -> Subprocess.Result {
        try await Subprocess.run("curl", ["-sS", "-m", "10", "--http2-prior-knowledge"] + arguments + ["http://127.0.0.1:\(self.port)\(path)"], input: input)
    }
}
