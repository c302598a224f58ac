import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct ContentNegotiationTests {
    /// Answers with the type the middleware chose and the client's first range.
    static let app: Application = { scope, _, send in
        let request = scope.request!
        let first = request[.acceptedTypes]?.inPreferenceOrder.first.map { "\($0.type)/\($0.subtype)" } ?? "-"
        try await send(.httpResponseStart(status: .ok, headers: ["vary": "Origin"]))
        try await send(.httpResponseBody(ByteBuffer(string: "\(request[.preferredContentType] ?? "-") \(first)")))
    }

    @Test func theClientsPreferenceAmongTheSupportedTypes() async throws {
        let client = TestClient(app: ContentNegotiation(supportedTypes: ["json", "html"]).wrap(Self.app))
        #expect(try await client.get("/", headers: ["accept": "text/html, application/json;q=0.5"]).text == "text/html text/html")
        let json = try await client.get("/", headers: ["accept": "*/*"])
        #expect(json.text == "application/json */*" && json.headers.values(for: .vary) == ["Origin", "Accept"])
        #expect(try await client.get("/").text == "application/json -")
        // Nothing acceptable: the default.
        #expect(try await client.get("/", headers: ["accept": "image/png"]).text == "application/json image/png")
        let withDefault = TestClient(app: ContentNegotiation(supportedTypes: ["json", "html"], defaultType: "html").wrap(Self.app))
        #expect(try await withDefault.get("/", headers: ["accept": "image/png"]).text == "text/html image/png")
    }

    @Test func strictModeAnswers406() async throws {
        let client = TestClient(app: ContentNegotiation(supportedTypes: ["application/json"], strict: true).wrap(Self.app))
        let refused = try await client.get("/", headers: ["accept": "text/html"])
        #expect(refused.status == .notAcceptable && refused.text == "Not Acceptable. Supported: application/json")
        #expect(try await client.get("/", headers: ["accept": "application/*"]).text == "application/json application/*")
    }

    @Test func otherScopesPassThrough() async throws {
        let client = TestClient(app: ContentNegotiation(supportedTypes: ["json"], strict: true).wrap(echoPath("app")))
        let socket = try await client.websocket("/ws", headers: ["accept": "text/html"])
        #expect(try await socket.receiveText() == "app /ws ")
    }
}
