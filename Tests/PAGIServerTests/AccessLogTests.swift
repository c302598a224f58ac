import Foundation
import PAGI
import PAGIAccessLog
import PAGICommand
import PAGIExamples
import PAGIServer
import Testing

@Suite struct AccessLogFormatTests {
    let entry = AccessLogEntry(
        client: "127.0.0.1", method: "GET", path: "/a%20b", query: "x=1", httpProtocol: "HTTP/1.1",
        status: 200, bodyBytes: 13, duration: .milliseconds(1234) + .microseconds(567), time: 1_770_726_896,
        requestHeaders: ["user-agent": "curl/8", "referer": "http://x/"], responseHeaders: ["content-type": "text/plain"]
    )

    @Test func presets() throws {
        #expect(AccessLogFormat.clf.line(for: entry) == #"127.0.0.1 - - [10/Feb/2026:12:34:56 +0000] "GET /a%20b?x=1" 200 1.234s"#)
        #expect(AccessLogFormat.common.line(for: entry) == #"127.0.0.1 - - [10/Feb/2026:12:34:56 +0000] "GET /a%20b?x=1 HTTP/1.1" 200 13"#)
        #expect(AccessLogFormat.combined.line(for: entry).hasSuffix(#" 200 13 "http://x/" "curl/8""#))
        #expect(AccessLogFormat.tiny.line(for: entry) == "GET /a%20b?x=1 200 1234ms")
        let json = try AccessLogFormat("json").line(for: entry)
        #expect(json.contains(#""duration_ms":1234.567"#) && json.contains(#""status":200"#) && json.contains(#""user_agent":"curl/8""#))
    }

    @Test func atoms() throws {
        let format = try AccessLogFormat("%m %U%q %H %s %b/%B %D %T %{ms}T %{Content-Type}o %{X-Missing}i 100%%")
        #expect(format.line(for: entry) == "GET /a%20b?x=1 HTTP/1.1 200 13/13 1234567 1 1234 text/plain - 100%")
        var empty = entry
        empty.bodyBytes = 0
        empty.query = ""
        #expect(try AccessLogFormat("%U%q %b %B").line(for: empty) == "/a%20b - 0")
    }

    @Test func badFormatsAreRejected() {
        #expect(throws: AccessLogFormatError.self) { try AccessLogFormat("%Z") }
        #expect(throws: AccessLogFormatError.self) { try AccessLogFormat("%{Referer") }
        #expect(throws: AccessLogFormatError.self) { try AccessLogFormat("trailing %") }
    }
}

@Suite struct AccessLogServingTests {
    @Test func writesOneLinePerRequest() async throws {
        let path = NSTemporaryDirectory() + "pagi-access-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await LiveServer.run(ExampleApps.errors, configure: {
            $0.accessLog = .file(path: path)
            $0.accessLogFormat = try! AccessLogFormat("%h \"%r\" %s %b")
        }) { server in
            let client = try await server.connect()
            try await client.send("GET /?a=1 HTTP/1.1\r\nHost: h\r\n\r\n")
            _ = try await client.readResponse()
            try await client.send("GET /error HTTP/1.1\r\nHost: h\r\n\r\n")
            _ = try await client.readResponse()
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("127.0.0.1 \"GET /?a=1 HTTP/1.1\" 200 ") == true)
        #expect(lines.last == "127.0.0.1 \"GET /error HTTP/1.1\" 500 21")
    }

    /// Behind a trusted proxy the log names the forwarded client, as the application sees it
    /// (uvicorn does the same); a client that is no trusted proxy is logged as it connected.
    @Test func logsTheForwardedClientBehindATrustedProxy() async throws {
        let path = NSTemporaryDirectory() + "pagi-access-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        for trusted in ["127.0.0.1", "10.0.0.1"] {
            let options = try ServerOptions.parse(["--forwarded-allow-ips", trusted])
            let rewrite = try options.configuration().rewriteScope
            try await LiveServer.run(ExampleApps.hello, configure: {
                $0.accessLog = .file(path: path)
                $0.accessLogFormat = try! AccessLogFormat("%h %s")
                $0.rewriteScope = rewrite
            }) { server in
                let client = try await server.connect()
                try await client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 203.0.113.5\r\n\r\n")
                _ = try await client.readResponse()
            }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines == ["203.0.113.5 200", "127.0.0.1 200"])
    }
}
