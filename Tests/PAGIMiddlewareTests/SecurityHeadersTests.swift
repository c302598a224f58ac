import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct SecurityHeadersTests {
    @Test func theDefaults() async throws {
        let response = try await Plumbing.client(SecurityHeaders().wrap(Plumbing.respond())).get("/")
        #expect(response.headers["x-frame-options"] == "SAMEORIGIN")
        #expect(response.headers["x-content-type-options"] == "nosniff")
        #expect(response.headers["referrer-policy"] == "strict-origin-when-cross-origin")
        for absent: HeaderName in ["strict-transport-security", "content-security-policy", "permissions-policy", "cross-origin-opener-policy", "x-xss-protection"] {
            #expect(response.headers[absent] == nil, "\(absent)")
        }
    }

    @Test func everyHeaderIsSettableOrOff() async throws {
        let middleware = SecurityHeaders(
            xFrameOptions: "DENY",
            xContentTypeOptions: nil,
            referrerPolicy: "no-referrer",
            contentSecurityPolicy: "default-src 'self'",
            permissionsPolicy: "geolocation=()",
            crossOriginOpenerPolicy: "same-origin",
            xXSSProtection: "0"
        )
        let response = try await Plumbing.client(middleware.wrap(Plumbing.respond())).get("/")
        #expect(response.headers["x-frame-options"] == "DENY" && response.headers["x-content-type-options"] == nil)
        #expect(response.headers["referrer-policy"] == "no-referrer" && response.headers["content-security-policy"] == "default-src 'self'")
        #expect(response.headers["permissions-policy"] == "geolocation=()" && response.headers["cross-origin-opener-policy"] == "same-origin")
        #expect(response.headers["x-xss-protection"] == "0")
    }

    @Test func hstsOnlyOverHTTPS() async throws {
        let app = SecurityHeaders(strictTransportSecurity: "max-age=63072000").wrap(Plumbing.respond())
        #expect(try await Plumbing.client(app).get("/").headers["strict-transport-security"] == nil)
        let secure = Plumbing.client(app) { $0.scheme = "https" }
        #expect(try await secure.get("/").headers["strict-transport-security"] == "max-age=63072000")
        let socket = try await secure.websocket("/")
        _ = try await socket.receiveText()
    }

    @Test func theApplicationsHeadersWin() async throws {
        let app = SecurityHeaders().wrap(Plumbing.respond(headers: ["x-frame-options": "DENY", "Referrer-Policy": "same-origin"]))
        let response = try await Plumbing.client(app).get("/")
        #expect(response.headers.values(for: "x-frame-options") == ["DENY"] && response.headers.values(for: "referrer-policy") == ["same-origin"])
        #expect(response.headers["x-content-type-options"] == "nosniff")
    }

    @Test func streamsAndRefusalsGetThemToo() async throws {
        let client = Plumbing.client(SecurityHeaders().wrap(Plumbing.respond()))
        #expect(try await client.sse("/").headers["x-content-type-options"] == "nosniff")
        let refusing: Application = { _, _, send in
            try await send(.websocketHTTPResponseStart(ResponseStart(status: .forbidden)))
            try await send(.websocketHTTPResponseBody(ByteBuffer(string: "no")))
        }
        do {
            _ = try await Plumbing.client(SecurityHeaders().wrap(refusing)).websocket("/")
            Issue.record("the handshake was accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .forbidden && response.headers["x-frame-options"] == "SAMEORIGIN")
        }
    }
}
