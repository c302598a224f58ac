import NIOCore
import PAGI
import PAGIExamples
import PAGITesting
import Testing

@Suite struct StreamExampleTests {
    @Test func sendsChunksThenTrailers() async throws {
        let response = try await TestClient(app: ExampleApps.stream(chunks: 3, interval: .milliseconds(5))).get("/")
        #expect(response.chunks.map { String(buffer: $0) } == ["Chunk 1\n", "Chunk 2\n", "Chunk 3\n"])
        #expect(response.trailers == ["x-stream-complete": "1"])
        #expect(response.isComplete)
    }

    @Test func stopsWhenTheClientLeaves() async throws {
        // A thousand chunks a second apart would take minutes; the app must stop at once.
        let app = ExampleApps.stream(chunks: 1000, interval: .seconds(1))
        let client = TestClient(app: app) { $0.timeout = .seconds(2) }
        let stream = try await client.stream("/")
        #expect(try await stream.nextChunk().map { String(buffer: $0) } == "Chunk 1\n")
        let response = try await stream.disconnect()
        #expect(response.chunks.count == 1)
        #expect(response.trailers == nil)
    }
}

@Suite struct FullFlushExampleTests {
    @Test func flushesBetweenLinesWhenOffered() async throws {
        let response = try await TestClient(app: ExampleApps.fullFlush).get("/")
        #expect(response.text == "Line 1\nLine 2\nLine 3\n")
        #expect(response.fullFlushCount == 2)
    }

    @Test func doesNotFlushWithoutTheExtension() async throws {
        let client = TestClient(app: ExampleApps.fullFlush) { $0.extensions.fullFlush = false }
        let response = try await client.get("/")
        #expect(response.text == "Line 1\nLine 2\nLine 3\n")
        #expect(response.fullFlushCount == 0)
    }
}

@Suite struct SSEExampleTests {
    @Test func streamsWelcomeAndTicksThenCloses() async throws {
        let stream = try await TestClient(app: ExampleApps.sse(interval: .milliseconds(5), ticks: 3)).sse("/")
        #expect(stream.headers["content-type"] == "text/event-stream")
        let events = try await stream.collect()
        #expect(stream.keepalive?.interval == .seconds(15))
        #expect(events.map(\.event) == ["welcome", "tick", "tick", "tick"])
        #expect(events[0].data == "Welcome to PAGI 👋\nλ → streams of events\nΣ UTF-8 on every line")
        #expect(events.last?.id == "3")
        #expect(events[1].data.count == 20 && events[1].data.hasSuffix("Z"))
        #expect(stream.closeReason == "all ticks sent")
        #expect(stream.wireText.contains("data: Welcome to PAGI 👋\ndata: λ → streams of events\n"))
    }

    @Test func stopsWhenTheClientLeaves() async throws {
        let client = TestClient(app: ExampleApps.sse(interval: .seconds(1))) { $0.timeout = .seconds(2) }
        let stream = try await client.sse("/")
        #expect(try await stream.next()?.event == "welcome")
        #expect(try await stream.next()?.event == "tick")
        try await stream.disconnect()
    }

    @Test func servesAPageToPlainRequests() async throws {
        let response = try await TestClient(app: ExampleApps.sse()).get("/")
        #expect(response.headers["content-type"] == "text/html; charset=utf-8")
        #expect(response.text.contains("new EventSource"))
    }
}
