import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct EventStreamRouteTests {
    static func app() -> SimpleApp {
        let app = SimpleApp()
        app.sse("/count/:to") { stream in
            let to = Int(stream.parameter("to") ?? "") ?? 0
            try await stream.send("starting", event: "status", retry: .seconds(2))
            for number in 1...max(1, to) { try await stream.send("\(number)", id: "\(number)") }
        }
        app.sse("/resume") { stream in
            try await stream.send("after \(stream.lastEventID ?? "nothing")")
        }
        app.sse("/json") { stream in
            try await stream.send(json: ["user": "ada"], event: "welcome")
        }
        app.sse("/notifications") { stream in
            try await stream.keepAlive(every: .seconds(15))
            try await stream.subscribe("notifications")
            try await stream.subscribe("alerts") { message in SSEEvent(data: (message.text ?? "").uppercased(), event: "alert") }
            try await stream.send("subscribed")
        }
        app.sse("/chatter") { stream in
            try await stream.subscribe("chatter")
            try await stream.comment("joined")
            try await stream.publishToOthers(.text("a new listener"), to: "chatter")
            try await stream.send("ready")
        }
        app.sse("/private") { stream in
            guard stream.context.query["token"] == "ok" else { return try await stream.decline(.unauthorized, "Who are you?") }
            try await stream.send("secret")
        }
        app.sse("/missing") { _ in throw HTTPError(.notFound, "No such feed") }
        app.sse("/nothing") { _ in }
        app.post("/notify") { context in
            let count = try await context.pubsub.publish(.text(try await context.text()), to: context.query["channel"] ?? "notifications")
            return .text("\(count)")
        }
        return app
    }

    @Test func eventsWithNamesIdsAndRetryThenTheStreamEnds() async throws {
        let stream = try await TestClient(app: Self.app().application).sse("/count/3")
        #expect(stream.headers["content-type"] == "text/event-stream")
        let events = try await stream.collect()
        #expect(events.map(\.data) == ["starting", "1", "2", "3"])
        #expect(events[0].event == "status" && events[0].retry == 2000)
        #expect(events.dropFirst().map(\.id) == ["1", "2", "3"])
    }

    @Test func lastEventIDAndJSON() async throws {
        let client = TestClient(app: Self.app().application)
        #expect(try await client.sse("/resume", headers: ["last-event-id": "41"]).collect().map(\.data) == ["after 41"])
        let json = try await client.sse("/json").collect()
        #expect(json.first?.data == #"{"user":"ada"}"# && json.first?.event == "welcome")
    }

    @Test func channelsStayOpenUntilTheClientLeavesAndForgetIt() async throws {
        let app = Self.app()
        let pubsub = app.pubsub
        let client = TestClient(app: app.application)
        let first = try await client.sse("/notifications")
        let second = try await client.sse("/notifications")
        #expect(first.keepalive?.interval == .seconds(15))
        #expect(try await first.next()?.data == "subscribed")
        #expect(try await second.next()?.data == "subscribed")
        #expect(try await client.post("/notify", body: .text("deploy done")).text == "2")
        #expect(try await first.next()?.data == "deploy done")
        #expect(try await second.next()?.data == "deploy done")
        #expect(try await client.post("/notify?channel=alerts", body: .text("disk full")).text == "2")
        let alert = try await first.next()
        #expect(alert?.data == "DISK FULL" && alert?.event == "alert")
        try await first.disconnect()
        try await waitUntil { pubsub.subscriberCount(channel: "notifications") == 1 }
        try await second.disconnect()
        try await waitUntil { pubsub.channels.isEmpty }
        #expect(try await client.post("/notify", body: .text("anyone?")).text == "0")
    }

    /// A comment reaches the wire (and no event); what a stream publishes to others skips it.
    @Test func commentsAndPublishingToOthers() async throws {
        let client = TestClient(app: Self.app().application)
        let first = try await client.sse("/chatter")
        #expect(try await first.next()?.data == "ready")
        #expect(first.wireText.contains(":joined\n"))
        let second = try await client.sse("/chatter")
        #expect(try await second.next()?.data == "ready")
        #expect(try await first.next()?.data == "a new listener")
        try await first.disconnect()
        try await second.disconnect()
    }

    @Test func declinesAndEmptyStreams() async throws {
        let client = TestClient(app: Self.app().application) { $0.raiseAppErrors = false }
        func declined(_ path: String) async throws -> (Int, String) {
            do {
                _ = try await client.sse(path)
                return (200, "")
            } catch TestClientError.sseDeclined(let response) {
                return (response.status.code, response.text)
            }
        }
        #expect(try await declined("/private") == (401, "Who are you?"))
        #expect(try await declined("/private?token=ok").0 == 200)
        #expect(try await declined("/missing") == (404, "No such feed"))
        #expect(try await declined("/nothing").0 == 204)
    }

    @Test func plainHTTPToAnEventStreamPathIs406() async throws {
        let response = try await TestClient(app: Self.app().application).get("/count/2")
        #expect(response.status == .notAcceptable && response.text.contains("Accept: text/event-stream"))
    }
}
