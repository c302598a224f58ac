import Foundation
import PAGI
import PAGIAccessLog
import PAGIServer
import PAGIServerHTTP2
import Testing

/// HTTP/2 end to end with curl: cleartext with prior knowledge, HTTPS through ALPN, and
/// what each stream's scope and response look like.
@Suite(.serialized, .enabled(if: HTTP2Clients.curlHasHTTP2, "needs curl built with HTTP/2 (apt-get install curl)"))
struct HTTP2ServingTests {
    @Test func priorKnowledgeCleartextServesHTTP2AndHTTP1KeepsWorking() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let h2 = try await server.curlH2C("/", ["-w", " %{http_version}"])
            #expect(h2.output == "Hello over HTTP/2 2", "\(h2.error)")
            let h1 = try await Subprocess.run("curl", ["-sS", "-m", "10", "-w", " %{http_version}", "http://127.0.0.1:\(server.port)/"])
            #expect(h1.output == "Hello over HTTP/1.1 1.1", "\(h1.error)")
        }
    }

    @Test func cleartextHTTP2IsOffUnlessAskedFor() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.run(app.app, configure: { $0.http2 = HTTP2Options() }) { server in
            let result = try await server.curlH2C()
            #expect(result.status != 0)
        }
    }

    @Test func theScopeShowsVersionTwoHostFromAuthorityAndJoinedCookies() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let result = try await server.curlH2C("/scope?a=1", ["-H", "cookie: a=1", "-H", "cookie: b=2"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: String], "\(result.error)")
            #expect(report["http_version"] == "2")
            #expect(report["scheme"] == "http")
            #expect(report["host"] == "127.0.0.1:\(server.port)")
            #expect(report["hosts"] == "1")
            #expect(report["cookie"] == "a=1; b=2")
            #expect(report["query"] == "a=1")
        }
    }

    /// `:scheme` is what the connection says; `rewriteScope` (`--proxy-headers`) still has
    /// the last word.
    @Test func rewriteScopeSeesTheSchemeAndMayChangeIt() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app, configure: {
            $0.rewriteScope = { scope in
                var scope = scope
                if scope.request?.scheme == "http" { scope.request?.scheme = "https" }
                return scope
            }
        }) { server in
            let result = try await server.curlH2C("/scope")
            #expect(result.output.contains("\"scheme\":\"https\""), "\(result.output)")
        }
    }

    @Test func httpsNegotiatesHTTP2ThroughALPNAndFallsBackToHTTP1() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runTLS(app.app, tls: { $0.applicationProtocols = ["h2", "http/1.1"] }, configure: { $0.http2 = HTTP2Options() }) { server, certificates in
            let h2 = try await server.curl(certificates, ["--http2", "-w", " %{http_version}"], path: "/scope")
            #expect(h2.output.hasSuffix(" 2"), "\(h2.error)")
            #expect(h2.output.contains("\"scheme\":\"https\""))
            let h1 = try await server.curl(certificates, ["--http1.1", "-w", " %{http_version}"])
            #expect(h1.output == "Hello over HTTP/1.1 1.1", "\(h1.error)")
            let file = try await server.curl(certificates, ["--http2"], path: "/file")
            #expect(file.output == app.fileContents, "\(file.error)")
        }
    }

    @Test func withoutH2InALPNHTTPSStaysOnHTTP1() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runTLS(app.app, configure: { $0.http2 = HTTP2Options() }) { server, certificates in
            let result = try await server.curl(certificates, ["--http2", "-w", " %{http_version}"])
            #expect(result.output == "Hello over HTTP/1.1 1.1", "\(result.error)")
        }
    }

    @Test func requestBodiesLargerThanTheWindowArrive() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let body = String(repeating: "x", count: 300_000)
            let result = try await server.curlH2C("/upload", ["--data-binary", "@-"], input: body)
            #expect(result.output == "received 300000", "\(result.error)")
        }
    }

    @Test func trailersFileBodiesAndEventStreams() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let file = try await server.curlH2C("/file")
            #expect(file.output == app.fileContents, "\(file.error)")
            let trailers = try await server.curlH2C("/trailers", ["-i"])
            #expect(trailers.output.contains("body"))
            #expect(trailers.output.contains("x-checksum: abc123"), "\(trailers.output)")
            let events = try await server.curlH2C("/events", ["-H", "accept: text/event-stream"])
            #expect(events.output == "event: first\ndata: one\n\nid: 2\ndata: two\n\n", "\(events.error)")
        }
    }

    @Test func connectionSpecificFieldsAreNotSentAndFailuresAre500() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app) { server in
            let headers = try await server.curlH2C("/connection-header", ["-i"])
            #expect(headers.status == 0, "\(headers.error)")
            #expect(headers.output.contains("x-kept: yes"))
            #expect(!headers.output.contains("keep-alive"))
            #expect(!headers.output.contains("connection:"))
            let failed = try await server.curlH2C("/fail", ["-w", " %{http_code}"])
            #expect(failed.output.hasSuffix(" 500"))
        }
    }

    @Test func aConnectionOverTheLimitGets503OnEachStream() async throws {
        let app = try HTTP2TestApp()
        try await LiveServer.runH2C(app.app, configure: { $0.limitConcurrency = 1 }) { server in
            async let first = server.curlH2C("/slow")
            try await Task.sleep(for: .milliseconds(100))
            let second = try await server.curlH2C("/", ["-i"])
            #expect(second.output.hasPrefix("HTTP/2 503"), "\(second.output)")
            #expect(second.output.contains("retry-after: 5"))
            #expect(try await first.output == "slow")
        }
    }

    @Test func theAccessLogShowsHTTP2() async throws {
        let app = try HTTP2TestApp()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pagi-h2-access-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await LiveServer.runH2C(app.app, configure: {
            $0.accessLog = .file(path: path)
            $0.accessLogFormat = try! .init("%m %U%q %H %s")
        }) { server in
            _ = try await server.curlH2C("/scope?x=1")
        }
        let log = try String(contentsOfFile: path, encoding: .utf8)
        #expect(log == "GET /scope?x=1 HTTP/2.0 200\n")
    }
}
