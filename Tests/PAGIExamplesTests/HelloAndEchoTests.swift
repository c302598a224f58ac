import NIOCore
import PAGI
import PAGIExamples
import PAGITesting
import Testing

@Suite struct HelloTests {
    let client = TestClient(app: ExampleApps.hello)

    @Test func greetsInPlainText() async throws {
        let response = try await client.get("/")
        #expect(response.status == .ok)
        #expect(response.text == "Hello, World!")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(response.headers["content-length"] == "13")
    }

    @Test func greetsInJSON() async throws {
        struct Greeting: Decodable { let message: String }
        let response = try await client.get("/json")
        #expect(response.headers["content-type"] == "application/json")
        #expect(try response.json(as: Greeting.self).message == "Hello, World!")
    }

    @Test func answersOtherPathsWith404() async throws {
        #expect(try await client.get("/nope").status == .notFound)
    }

    @Test func declinesLifespanAndWebSocket() async throws {
        try await client.startup()
        #expect(client.lifespanStatus != .running)
        await #expect(throws: PAGIError.unsupportedScope(.websocket)) { _ = try await client.websocket("/") }
    }
}

@Suite struct EchoTests {
    @Test func echoesAWholeBody() async throws {
        let response = try await TestClient(app: ExampleApps.echo).post("/", headers: ["content-type": "text/plain"], body: "ping")
        #expect(response.text == "ping")
        #expect(response.headers["content-type"] == "text/plain")
    }

    @Test func streamsTheBodyBackPieceByPiece() async throws {
        let (pieces, input) = AsyncStream.makeStream(of: ByteBuffer.self)
        let stream = try await TestClient(app: ExampleApps.echo).stream("/", method: .post, body: .stream(pieces))
        #expect(stream.headers["content-type"] == "application/octet-stream")
        // Each piece comes back before the next one is sent: the echo streams.
        for word in ["one", "two", "three"] {
            input.yield(ByteBuffer(string: word))
            #expect(try await stream.nextChunk().map { String(buffer: $0) } == word)
        }
        input.finish()
        #expect(try await stream.finish().text == "onetwothree")
    }
}
