import HTTPTypes
import NIOCore
import PAGI
import PAGITesting
import Testing

@Suite struct SSEClientTests {
    @Test func parsesTheStream() async throws {
        let app: Application = { scope, receive, send in
            guard case .sse = scope else { throw PAGIError.unsupportedScope(scope.type) }
            guard case .sseRequest(_, more: false) = try await receive() else { return }
            try await send(.sseKeepalive(interval: .seconds(15), comment: "ping"))
            try await send(.sseStart(status: .ok, headers: ["x-stream": "clock"]))
            try await send(.sseSend(data: "λ line 1\n🔥 line 2", event: "greeting", id: "1", retry: 2500))
            try await send(.sseComment("just a comment"))
            try await send(.sseSend(data: "plain"))
            try await send(.sseClose(reason: "finished"))
        }
        let stream = try await TestClient(app: app).sse("/events")
        #expect(stream.status == .ok)
        #expect(stream.headers["content-type"] == "text/event-stream")
        #expect(stream.headers["cache-control"] == "no-cache")
        #expect(stream.headers["x-stream"] == "clock")
        #expect(stream.keepalive?.comment == "ping")
        #expect(try await stream.next() == SSEMessage(event: "greeting", data: "λ line 1\n🔥 line 2", id: "1", retry: 2500))
        #expect(try await stream.nextItem() == .comment("just a comment"))
        #expect(try await stream.next() == SSEMessage(data: "plain", id: "1"))
        #expect(try await stream.next() == nil)
        #expect(stream.closeReason == "finished")
        #expect(stream.wireText.hasPrefix("event: greeting\nid: 1\nretry: 2500\ndata: λ line 1\ndata: 🔥 line 2\n\n:just a comment\n\n"))
    }

    @Test func aDeclineIsAnHTTPResponse() async throws {
        let app: Application = { _, _, send in
            try await send(.sseHTTPResponseStart(ResponseStart(status: .noContent)))
            try await send(.sseHTTPResponseBody(ByteBuffer()))
        }
        do {
            _ = try await TestClient(app: app).sse("/events")
            Issue.record("not declined")
        } catch TestClientError.sseDeclined(let response) {
            #expect(response.status == .noContent)
            #expect(response.isComplete)
        }
    }

    @Test func aDisconnectReachesTheApplication() async throws {
        let seen = Recorder<InboundEvent?>(nil)
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.sseStart(status: .ok))
            try await send(.sseSend(data: "first"))
            let event = try await receive()
            try await send(.sseSend(data: "ignored"))
            seen.update { $0 = event }
        }
        let stream = try await TestClient(app: app).sse("/events")
        #expect(try await stream.next()?.data == "first")
        try await stream.disconnect()
        guard case .sseDisconnect(let reason)? = seen.value else {
            Issue.record("no disconnect: \(String(describing: seen.value))")
            return
        }
        #expect(reason == .clientClosed)
    }

    @Test func postBodiesArriveAsSSERequests() async throws {
        let app: Application = { scope, receive, send in
            let body = try await readBody(from: receive)
            try await send(.sseStart(status: .ok))
            try await send(.sseSend(data: "\(scope.request!.method.rawValue) \(String(buffer: body))"))
        }
        let stream = try await TestClient(app: app).sse("/events", method: .post, body: "{\"q\":1}")
        #expect(try await stream.collect().map(\.data) == ["POST {\"q\":1}"])
    }

    @Test func sendingBeforeStartFails() async throws {
        let app: Application = { _, _, send in try await send(.sseSend(data: "early")) }
        await #expect(throws: PAGIError.self) { _ = try await TestClient(app: app).sse("/") }
    }

    @Test func anErrorAfterStartFailsTheRead() async throws {
        let app: Application = { _, _, send in
            try await send(.sseStart(status: .ok))
            throw BoomError()
        }
        let stream = try await TestClient(app: app).sse("/")
        await #expect(throws: BoomError()) { _ = try await stream.next() }
    }
}
