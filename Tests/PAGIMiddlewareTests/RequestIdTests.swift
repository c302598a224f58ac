import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct RequestIdTests {
    /// Answers with the id in its scope.
    static let idApp: Application = { scope, _, send in
        let id = scope.request?[.requestID] ?? "-"
        switch scope {
        case .websocket:
            try await send(.websocketAccept())
            try await send(.websocketSend(text: id))
            try await send(.websocketClose())
        case .sse:
            try await send(.sseStart())
            try await send(.sseSend(data: id))
            try await send(.sseClose())
        default:
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody(id))
        }
    }

    static func isMadeID(_ id: String) -> Bool {
        id.count == 32 && id.allSatisfy(\.isHexDigit)
    }

    @Test func anIdIsMadeForEveryRequestAndTheIncomingOneIgnoredByDefault() async throws {
        let client = Plumbing.client(RequestId().wrap(Self.idApp))
        let first = try await client.get("/", headers: ["x-request-id": "from-client"])
        #expect(Self.isMadeID(first.text) && first.headers["x-request-id"] == first.text)
        let second = try await client.get("/")
        #expect(Self.isMadeID(second.text) && second.text != first.text)
    }

    @Test func aTrustedIncomingIdIsUsedWhenSane() async throws {
        let client = Plumbing.client(RequestId(trustIncoming: true).wrap(Self.idApp))
        let trusted = try await client.get("/", headers: ["x-request-id": "abc-123.X_y"])
        #expect(trusted.text == "abc-123.X_y" && trusted.headers["x-request-id"] == "abc-123.X_y")
        for insane in ["<script>", "", String(repeating: "a", count: 129), "a b", "caf\u{E9}"] {
            #expect(Self.isMadeID(try await client.get("/", headers: ["x-request-id": ByteString(insane)]).text), "\(insane)")
        }
    }

    @Test func headerAndGeneratorAreOptions() async throws {
        let custom = RequestId(header: "x-correlation-id", trustIncoming: true) { request in "req-\(request.path.count)" }
        let client = Plumbing.client(custom.wrap(Self.idApp))
        let made = try await client.get("/abc", headers: ["x-request-id": "ignored"])
        #expect(made.text == "req-4" && made.headers["x-correlation-id"] == "req-4" && made.headers["x-request-id"] == nil)
        #expect(try await client.get("/", headers: ["x-correlation-id": "upstream"]).text == "upstream")
        let broken = Plumbing.client(RequestId { _ in "bad\r\nvalue" }.wrap(Self.idApp))
        #expect(Self.isMadeID(try await broken.get("/").text))
    }

    @Test func anOuterIdIsKept() async throws {
        let app = MiddlewareStack {
            RequestId { _ in "outer" }
            RequestId { _ in "inner" }
        }.wrap(Self.idApp)
        let response = try await Plumbing.client(app).get("/")
        #expect(response.text == "outer" && response.headers.values(for: "x-request-id") == ["outer"])
    }

    @Test func theApplicationsOwnHeaderStays() async throws {
        let app = RequestId().wrap(Plumbing.respond(headers: ["x-request-id": "set-by-app"]))
        #expect(try await Plumbing.client(app).get("/").headers.values(for: "x-request-id") == ["set-by-app"])
    }

    @Test func webSocketsAndStreamsGetAnIdToo() async throws {
        let client = Plumbing.client(RequestId().wrap(Self.idApp))
        let socket = try await client.websocket("/")
        let id = try await socket.receiveText()
        #expect(Self.isMadeID(id) && socket.acceptHeaders["x-request-id"] == id)
        let stream = try await client.sse("/")
        let message = try #require(try await stream.next())
        #expect(Self.isMadeID(message.data) && stream.headers["x-request-id"] == message.data)
    }

    @Test func sanityAndFormat() {
        #expect(RequestId.isSane("0123456789abcdefABCDEF-_.") && !RequestId.isSane("a/b") && !RequestId.isSane(""))
        #expect(Self.isMadeID(RequestId.makeID()) && RequestId.makeID() != RequestId.makeID())
    }
}
