import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct HTTPSRedirectTests {
    static let client = Plumbing.client(HTTPSRedirect().wrap(Plumbing.respond()))

    @Test func plainRequestsAreRedirectedToTheSameURLOverHTTPS() async throws {
        let response = try await Self.client.get("/a b/%C3%A9?q=1&r=%20", headers: ["host": "Example.com:8080"])
        #expect(response.status == .movedPermanently)
        #expect(response.headers[.location] == "https://example.com/a%20b/%C3%A9?q=1&r=%20")
        #expect(response.text == "Redirecting to https://example.com/a%20b/%C3%A9?q=1&r=%20")
        let ipv6 = try await Self.client.get("/", headers: ["host": "[::1]:8080"])
        #expect(ipv6.headers[.location] == "https://[::1]/")
    }

    @Test func otherMethodsKeepTheirMethodAndBody() async throws {
        #expect(try await Self.client.post("/form", body: "x=1").status == .permanentRedirect)
        #expect(try await Self.client.head("/").status == .movedPermanently)
        let temporary = Plumbing.client(HTTPSRedirect(status: .found).wrap(Plumbing.respond()))
        #expect(try await temporary.get("/").status == .found)
        #expect(try await temporary.put("/", body: "x").status == .temporaryRedirect)
    }

    @Test func secureRequestsPassWithHSTSWhenAsked() async throws {
        let plain = Plumbing.client(HTTPSRedirect().wrap(Plumbing.respond())) { $0.scheme = "https" }
        let passed = try await plain.get("/")
        #expect(passed.text == "hello" && passed.headers["strict-transport-security"] == nil)
        let hsts = Plumbing.client(HTTPSRedirect(hsts: .init()).wrap(Plumbing.respond())) { $0.scheme = "https" }
        #expect(try await hsts.get("/").headers["strict-transport-security"] == "max-age=31536000; includeSubDomains")
        let preload = HTTPSRedirect.HSTS(maxAge: 600, includeSubDomains: false, preload: true)
        #expect(preload.value == "max-age=600; preload")
        let own = Plumbing.client(HTTPSRedirect(hsts: .init()).wrap(Plumbing.respond(headers: ["strict-transport-security": "max-age=1"]))) { $0.scheme = "https" }
        #expect(try await own.get("/").headers.values(for: "strict-transport-security") == ["max-age=1"])
        // Never over plain HTTP: the redirect itself carries none.
        let redirected = try await Plumbing.client(HTTPSRedirect(hsts: .init()).wrap(Plumbing.respond())).get("/")
        #expect(redirected.status == .movedPermanently && redirected.headers["strict-transport-security"] == nil)
    }

    @Test func excludedPathsStayPlain() async throws {
        let client = Plumbing.client(HTTPSRedirect(exclude: ["/health"], excluding: { $0.path.hasPrefix("/.well-known/") }).wrap(Plumbing.respond()))
        #expect(try await client.get("/health").status == .ok)
        #expect(try await client.get("/.well-known/acme-challenge/x").status == .ok)
        #expect(try await client.get("/health/deep").status == .movedPermanently)
    }

    @Test func portRootPathAndHostProblems() async throws {
        let ported = Plumbing.client(HTTPSRedirect(httpsPort: 8443).wrap(Plumbing.respond())) { $0.rootPath = "/app" }
        #expect(try await ported.get("/x", headers: ["host": "example.com:8080"]).headers[.location] == "https://example.com:8443/app/x")
        #expect(try await Self.client.get("/", headers: ["host": "evil.com/x?"]).status == .badRequest)
        let noHost = Plumbing.client(HTTPSRedirect().wrap(Plumbing.respond())) { $0.headers = [:] }
        #expect(try await noHost.get("/").status == .badRequest)
    }

    @Test func webSocketsAndStreams() async throws {
        do {
            _ = try await Self.client.websocket("/chat?room=1")
            Issue.record("the handshake was accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .movedPermanently && response.headers[.location] == "wss://testserver/chat?room=1")
        }
        let withoutDenials = Plumbing.client(HTTPSRedirect().wrap(Plumbing.respond())) { $0.extensions.websocketHTTPResponse = false }
        do {
            _ = try await withoutDenials.websocket("/chat")
            Issue.record("the handshake was accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .forbidden)
        }
        do {
            _ = try await Self.client.sse("/events")
            Issue.record("the stream was started")
        } catch TestClientError.sseDeclined(let response) {
            #expect(response.status == .movedPermanently && response.headers[.location] == "https://testserver/events")
        }
        let secure = Plumbing.client(HTTPSRedirect().wrap(Plumbing.respond())) { $0.scheme = "https" }
        #expect(try await secure.websocket("/chat").receiveText() == "hello")
    }
}
