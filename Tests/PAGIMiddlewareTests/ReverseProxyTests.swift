import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct ReverseProxyTests {
    /// Answers with what it sees: client, scheme, host header, server, root path.
    static let app: Application = { scope, _, send in
        let request = scope.request!
        let line = "\(request.client?.host ?? "-") \(request.scheme) \(request.headers.first(.host)?.text ?? "-") \(request.server.map { "\($0.host):\($0.port ?? 0)" } ?? "-") \(request.rootPath)"
        switch scope {
        case .websocket:
            try await send(.websocketAccept())
            try await send(.websocketSend(text: line))
            try await send(.websocketClose())
        default:
            try await send(.httpResponseStart(status: .ok, headers: [:]))
            try await send(.httpResponseBody(ByteBuffer(string: line)))
        }
    }

    static func client(from address: String, trusting trusted: String = "127.0.0.1, ::1, 10.0.0.0/8") throws -> TestClient {
        var configuration = TestClient.Configuration()
        configuration.client = .tcp(host: address, port: 40_000)
        return TestClient(app: try ReverseProxy(trustedProxies: trusted).wrap(Self.app), configuration: configuration)
    }

    @Test func xForwardedHeadersFromATrustedProxy() async throws {
        let client = try Self.client(from: "127.0.0.1")
        let headers: Headers = [
            "x-forwarded-for": "203.0.113.9, 10.1.1.1", "x-forwarded-proto": "https", "x-forwarded-host": "shop.example.com",
            "x-forwarded-port": "8443", "x-forwarded-prefix": "/store/",
        ]
        #expect(try await client.get("/", headers: headers).text == "203.0.113.9 https shop.example.com shop.example.com:8443 /store")
        // Per-hop lists are read at the client's position.
        let hops: Headers = ["x-forwarded-for": "198.51.100.7, 203.0.113.9", "x-forwarded-proto": "http, https"]
        #expect(try await client.get("/", headers: hops).text == "203.0.113.9 https testserver testserver:80 ")
    }

    @Test func theStandardForwardedHeaderWins() async throws {
        let client = try Self.client(from: "::1")
        let headers: Headers = [
            "forwarded": #"for="[2001:db8::7]:4711";proto=https;host=api.example.com, for=10.0.0.2"#,
            "x-forwarded-for": "6.6.6.6",
        ]
        #expect(try await client.get("/", headers: headers).text == "2001:db8::7 https api.example.com api.example.com:443 ")
    }

    @Test func untrustedPeersChangeNothing() async throws {
        let client = try Self.client(from: "198.51.100.1")
        let forged: Headers = ["x-forwarded-for": "1.2.3.4", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example"]
        #expect(try await client.get("/", headers: forged).text == "198.51.100.1 http testserver testserver:80 ")
        // Everyone trusted with `*`.
        #expect(try await Self.client(from: "198.51.100.1", trusting: "*").get("/", headers: forged).text.hasPrefix("1.2.3.4 https evil.example"))
    }

    @Test func webSocketsGetTheirScheme() async throws {
        let socket = try await Self.client(from: "10.9.9.9").websocket("/ws", headers: ["x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https"])
        #expect(try await socket.receiveText() == "203.0.113.9 wss testserver testserver:80 ")
    }

    @Test func invalidTrustListsFailAtStartup() {
        #expect(throws: AddressRangeError.self) { try ReverseProxy(trustedProxies: "10.0.0.0/33") }
    }
}
