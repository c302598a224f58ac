import PAGI
import PAGIMiddleware
import PAGITesting
import Synchronization
import Testing

@Suite struct MaintenanceTests {
    static func client(_ maintenance: Maintenance, client: NetworkAddress? = .tcp(host: "203.0.113.7", port: 4000), denials: Bool = true) -> TestClient {
        TestClient(app: maintenance.wrap(echoPath("app"))) {
            $0.client = client
            $0.extensions.websocketHTTPResponse = denials
        }
    }

    @Test func offByDefault() async throws {
        #expect(try await Self.client(Maintenance()).get("/x").text == "app /x ")
        #expect(try await Self.client(Maintenance(enabled: false)).get("/x").status == .ok)
    }

    @Test func onItAnswers503WithThePage() async throws {
        let response = try await Self.client(Maintenance(enabled: true)).get("/x")
        #expect(response.status == .serviceUnavailable && response.text == Maintenance.defaultBody)
        #expect(response.headers["content-type"] == "text/html; charset=utf-8")
        #expect(response.headers["content-length"] == "\(Maintenance.defaultBody.utf8.count)")
        #expect(response.headers["retry-after"] == nil)
    }

    @Test func retryAfterBodyAndContentTypeAreOptions() async throws {
        let maintenance = Maintenance(enabled: true, retryAfter: .seconds(600), contentType: "application/json", body: #"{"maintenance":true}"#)
        let response = try await Self.client(maintenance).get("/x")
        #expect(response.headers["retry-after"] == "600" && response.headers["content-type"] == "application/json")
        #expect(response.text == #"{"maintenance":true}"#)
    }

    @Test func aClosureIsAskedOnEveryRequest() async throws {
        let on = Mutex(false)
        let client = Self.client(Maintenance(enabled: { on.withLock { $0 } }))
        #expect(try await client.get("/").status == .ok)
        on.withLock { $0 = true }
        #expect(try await client.get("/").status == .serviceUnavailable)
        on.withLock { $0 = false }
        #expect(try await client.get("/").status == .ok)
    }

    @Test func clientsInTheBypassRangesGetThrough() async throws {
        let maintenance = Maintenance(enabled: true, bypassAddresses: try AddressRangeList("10.0.0.0/8, 2001:db8::/32, ::1"))
        #expect(try await Self.client(maintenance, client: .tcp(host: "10.9.8.7", port: 1)).get("/").status == .ok)
        #expect(try await Self.client(maintenance, client: .tcp(host: "::ffff:10.9.8.7", port: 1)).get("/").status == .ok)
        #expect(try await Self.client(maintenance, client: .tcp(host: "2001:db8::42", port: 1)).get("/").status == .ok)
        #expect(try await Self.client(maintenance, client: .tcp(host: "::1", port: 1)).get("/").status == .ok)
        #expect(try await Self.client(maintenance, client: .tcp(host: "11.0.0.1", port: 1)).get("/").status == .serviceUnavailable)
        #expect(try await Self.client(maintenance, client: .tcp(host: "::2", port: 1)).get("/").status == .serviceUnavailable)
        #expect(try await Self.client(maintenance, client: .unix(path: "/s")).get("/").status == .serviceUnavailable)
        #expect(try await Self.client(maintenance, client: nil).get("/").status == .serviceUnavailable)
    }

    @Test func pathsUnderABypassPrefixGetThrough() async throws {
        let client = Self.client(Maintenance(enabled: true, bypassPaths: ["/admin", "/health/"]))
        for path in ["/admin", "/admin/users", "/health", "/health/ready"] {
            #expect(try await client.get(path).status == .ok, "\(path)")
        }
        for path in ["/administrator", "/", "/healthz", "/x/admin"] {
            #expect(try await client.get(path).status == .serviceUnavailable, "\(path)")
        }
    }

    @Test func webSocketsAreDeniedWith503OrClosed() async throws {
        let maintenance = Maintenance(enabled: true, retryAfter: .seconds(5), body: "later")
        let denied = await #expect(throws: TestClientError.self) { try await Self.client(maintenance).websocket("/ws") }
        guard case .websocketDenied(let denial) = denied else { Issue.record("not denied"); return }
        #expect(denial.status == .serviceUnavailable && denial.text == "later" && denial.headers["retry-after"] == "5")
        let closed = await #expect(throws: TestClientError.self) { try await Self.client(maintenance, denials: false).websocket("/ws") }
        guard case .websocketDenied(let forbidden) = closed else { Issue.record("not denied"); return }
        #expect(forbidden.status == .forbidden)
        let bypassed = Maintenance(enabled: true, bypassPaths: ["/ws"])
        #expect(try await Self.client(bypassed).websocket("/ws").receiveText() == "app /ws ")
    }

    @Test func eventStreamsAreDeclinedWith503() async throws {
        let declined = await #expect(throws: TestClientError.self) { try await Self.client(Maintenance(enabled: true, body: "later")).sse("/events") }
        guard case .sseDeclined(let decline) = declined else { Issue.record("not declined"); return }
        #expect(decline.status == .serviceUnavailable && decline.text == "later")
    }
}
