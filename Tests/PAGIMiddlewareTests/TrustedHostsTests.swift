import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct TrustedHostsTests {
    static let client = Plumbing.client(
        TrustedHosts(["example.com", "*.example.org", "localhost:8080", "[::1]", "*:9000"]).wrap(Plumbing.respond())
    )

    func status(_ host: String) async throws -> HTTPResponse.Status {
        try await Self.client.get("/", headers: ["host": ByteString(host)]).status
    }

    @Test func listedHostsPass() async throws {
        for host in ["example.com", "EXAMPLE.com", "example.com.", "example.com:8443", "a.example.org", "a.b.example.org:1",
                     "localhost:8080", "[::1]", "[::1]:3000", "anything:9000"] {
            #expect(try await self.status(host) == .ok, "\(host)")
        }
    }

    @Test func othersGet400() async throws {
        for host in ["evil.com", "example.org", "badexample.org", "example.com.evil.com", "localhost", "localhost:8081",
                     "[::2]", "x@example.com", "example.com/x", "a b", "example.com:99999", "[::1"] {
            #expect(try await self.status(host) == .badRequest, "\(host)")
        }
        let response = try await Self.client.get("/", headers: ["host": "evil.com"])
        #expect(response.text == "Invalid Host header")
        let twice: Headers = ["host": "example.com", "host": "evil.com"]
        #expect(try await Self.client.get("/", headers: twice).status == .badRequest)
    }

    @Test func aMissingHostNeedsAllowEmpty() async throws {
        let strict = Plumbing.client(TrustedHosts(["example.com"]).wrap(Plumbing.respond())) { $0.headers = [:] }
        let refused = try await strict.get("/")
        #expect(refused.status == .badRequest && refused.text == "Missing Host header")
        #expect(try await strict.get("/", headers: ["host": ""]).status == .badRequest)
        let lenient = Plumbing.client(TrustedHosts(["example.com"], allowEmpty: true).wrap(Plumbing.respond())) { $0.headers = [:] }
        #expect(try await lenient.get("/").status == .ok)
        #expect(try await lenient.get("/", headers: ["host": "evil.com"]).status == .badRequest)
    }

    @Test func webSocketsAndStreamsAreCheckedToo() async throws {
        let client = Plumbing.client(TrustedHosts(["example.com"]).wrap(Plumbing.respond()))
        do {
            _ = try await client.websocket("/")
            Issue.record("the handshake was accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .badRequest)
        }
        do {
            _ = try await client.sse("/")
            Issue.record("the stream was started")
        } catch TestClientError.sseDeclined(let response) {
            #expect(response.status == .badRequest)
        }
        #expect(try await client.websocket("/", headers: ["host": "example.com"]).receiveText() == "hello")
    }
}
