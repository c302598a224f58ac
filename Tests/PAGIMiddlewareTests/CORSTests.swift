import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct CORSTests {
    /// Answers every request itself, with a `Vary` of its own.
    static let app: Application = { scope, _, send in
        switch scope {
        case .sse:
            try await send(.sseStart())
            try await send(.sseSend(data: "tick"))
        default:
            try await send(.httpResponseStart(status: .ok, headers: ["vary": "Accept-Encoding", "x-total": "3"]))
            try await send(.httpResponseBody(ByteBuffer(string: "app \(scope.request!.method.rawValue)")))
        }
    }

    static func client(_ cors: CORS) -> TestClient { TestClient(app: cors.wrap(Self.app)) }

    static let preflight: Headers = ["origin": "https://a.example", "access-control-request-method": "PUT"]

    /// A route that answers CORS itself keeps its own fields.
    @Test func theApplicationsOwnAnswerWins() async throws {
        let own: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["access-control-allow-origin": "https://trusted.example", "access-control-allow-credentials": "true"]))
            try await send(.httpResponseBody(ByteBuffer(string: "special")))
        }
        let response = try await TestClient(app: CORS(exposedHeaders: ["X-Total"]).wrap(own)).get("/", headers: ["origin": "https://a.example"])
        #expect(response.headers.values(for: "access-control-allow-origin") == ["https://trusted.example"])
        #expect(response.headers["access-control-allow-credentials"] == "true" && !response.headers.contains("access-control-expose-headers"))
    }

    @Test func anyOriginGetsAStar() async throws {
        let response = try await Self.client(CORS()).get("/", headers: ["origin": "https://a.example"])
        #expect(response.text == "app GET" && response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["vary"] == "Accept-Encoding" && !response.headers.contains("access-control-allow-credentials"))
        // No Origin, no CORS.
        #expect(!(try await Self.client(CORS()).get("/")).headers.contains("access-control-allow-origin"))
    }

    @Test func listedOriginsAreEchoedAndOthersGetNoFields() async throws {
        let client = Self.client(CORS(origins: .list(["https://a.example"]), exposedHeaders: ["X-Total"]))
        let allowed = try await client.get("/", headers: ["origin": "https://a.example"])
        #expect(allowed.headers["access-control-allow-origin"] == "https://a.example")
        #expect(allowed.headers["vary"] == "Accept-Encoding, Origin" && allowed.headers["access-control-expose-headers"] == "X-Total")
        let other = try await client.post("/", headers: ["origin": "https://evil.example"])
        #expect(other.text == "app POST" && !other.headers.contains("access-control-allow-origin"))
    }

    @Test func credentialsNeverGetAStar() async throws {
        let client = Self.client(CORS(credentials: true))
        let response = try await client.get("/", headers: ["origin": "https://a.example"])
        #expect(response.headers["access-control-allow-origin"] == "https://a.example")
        #expect(response.headers["access-control-allow-credentials"] == "true" && response.headers["vary"] == "Accept-Encoding, Origin")
        #expect(!(try await client.get("/", headers: ["origin": "null"])).headers.contains("access-control-allow-origin"))
    }

    @Test func preflightsAreAnsweredWith204() async throws {
        let response = try await Self.client(CORS()).options("/", headers: Self.preflight)
        #expect(response.status == .noContent && response.text.isEmpty)
        #expect(response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["access-control-allow-methods"] == "GET, POST, PUT, DELETE, PATCH, OPTIONS")
        #expect(response.headers["access-control-allow-headers"] == "Content-Type, Authorization, X-Requested-With")
        #expect(response.headers["access-control-max-age"] == "86400")
        var headers = Self.preflight
        headers.append("access-control-request-headers", "content-type, X-Requested-With,accept")
        #expect(try await Self.client(CORS()).options("/", headers: headers).status == .noContent)
        // An OPTIONS request that is not a preflight goes to the application.
        #expect(try await Self.client(CORS()).options("/", headers: ["origin": "https://a.example"]).text == "app OPTIONS")
    }

    @Test func disallowedPreflightsGet403WithoutCORSFields() async throws {
        let client = Self.client(CORS(origins: .list(["https://b.example"]), methods: [.get]))
        let response = try await client.options("/", headers: Self.preflight)
        #expect(response.status == .forbidden && response.text == "Disallowed CORS origin, method")
        #expect(!response.headers.contains("access-control-allow-origin"))
        var headers = Self.preflight
        headers.append("access-control-request-headers", "x-secret")
        let header = try await Self.client(CORS()).options("/", headers: headers)
        #expect(header.status == .forbidden && header.text == "Disallowed CORS headers")
    }

    @Test func optionsShapeThePreflight() async throws {
        let cors = CORS(
            origins: .matching { $0.hasSuffix(".example") }, methods: [.get, .put], headers: ["*"],
            credentials: true, maxAge: nil
        )
        var headers = Self.preflight
        headers.append("access-control-request-headers", "X-Secret, X-Other")
        let response = try await Self.client(cors).options("/", headers: headers)
        #expect(response.status == .noContent && response.headers["access-control-allow-origin"] == "https://a.example")
        #expect(response.headers["access-control-allow-methods"] == "GET, PUT" && response.headers["access-control-allow-headers"] == "x-secret, x-other")
        #expect(response.headers["access-control-allow-credentials"] == "true" && response.headers["vary"] == "Origin")
        #expect(!response.headers.contains("access-control-max-age"))
        #expect(try await Self.client(cors).options("/", headers: ["origin": "https://a.other", "access-control-request-method": "GET"]).status == .forbidden)
    }

    @Test func eventStreamsGetTheFieldsToo() async throws {
        let stream = try await Self.client(CORS()).sse("/events", headers: ["origin": "https://a.example"])
        #expect(stream.headers["access-control-allow-origin"] == "*")
        #expect(try await stream.next()?.data == "tick")
    }
}
