import NIOCore
import PAGI
import PAGIExamples
import PAGITesting
import Testing

@Suite struct BenchExampleTests {
    let client = TestClient(app: ExampleApps.bench)

    @Test func answersPlainTextAndJSON() async throws {
        let text = try await client.get("/plaintext")
        #expect(text.text == "Hello, World!")
        #expect(text.headers["content-length"] == "13")
        #expect(text.headers["content-type"] == "text/plain; charset=utf-8")
        let json = try await client.get("/json")
        #expect(json.text == #"{"message":"Hello, World!"}"#)
        #expect(json.headers["content-length"] == "27")
        #expect(json.headers["content-type"] == "application/json")
    }

    @Test func echoesAPostedBodyWithItsLength() async throws {
        let body = ByteBuffer(repeating: 7, count: 1024)
        let response = try await client.post("/echo", body: .chunks([body.getSlice(at: 0, length: 300)!, body.getSlice(at: 300, length: 724)!]))
        #expect(response.body == body)
        #expect(response.headers["content-length"] == "1024")
    }

    @Test func streamsOneMebibyteInSixteenChunks() async throws {
        let response = try await client.get("/stream")
        #expect(response.chunks.count == 16)
        #expect(response.body.readableBytes == 1_048_576)
        #expect(response.headers["content-length"] == nil)
    }

    @Test func sendsTheRequestedNumberOfEvents() async throws {
        let stream = try await client.sse("/sse?count=5")
        let events = try await stream.collect()
        #expect(events.map(\.data) == (0..<5).map { "tick \($0)" })
        #expect(stream.closeReason == "done")
    }

    @Test func echoesWebSocketMessagesUnchanged() async throws {
        let ws = try await client.websocket("/ws")
        try await ws.send(text: "hi λ")
        #expect(try await ws.receiveText() == "hi λ")
        try await ws.send(binary: ByteBuffer(bytes: [1, 2, 3]))
        #expect(try await ws.receiveBinary() == ByteBuffer(bytes: [1, 2, 3]))
        try await ws.close()
    }

    @Test func answersUnknownPathsWith404() async throws {
        #expect(try await client.get("/").status == .notFound)
        #expect(try await client.post("/plaintext").status == .notFound)
        do {
            _ = try await client.sse("/elsewhere")
            Issue.record("an event stream elsewhere than /sse was accepted")
        } catch TestClientError.sseDeclined(let response) {
            #expect(response.status == .notFound && response.text == "Not Found")
        }
        do {
            _ = try await client.websocket("/elsewhere")
            Issue.record("a WebSocket elsewhere than /ws was accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .forbidden)
        }
    }
}
