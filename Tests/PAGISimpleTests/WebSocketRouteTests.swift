import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct WebSocketRouteTests {
    struct Greeting: Codable, Equatable { let room: String; let text: String }

    static func app() -> SimpleApp {
        let app = SimpleApp()
        app.websocket("/echo/:name") { ws in
            for try await message in ws.messages {
                try await ws.send("\(ws.parameter("name") ?? "?"): \(message.text ?? "binary")")
            }
        }
        app.websocket("/json") { ws in
            try await ws.send(json: Greeting(room: "lobby", text: "hi"))
        }
        app.websocket("/protocols") { ws in
            try await ws.accept(subprotocol: ws.subprotocols.contains("chat.v2") ? "chat.v2" : nil)
            try await ws.send("chose \(ws.subprotocols)")
        }
        app.websocket("/private") { ws in
            guard ws.context.headers["authorization"] == "Bearer ok" else { return try await ws.deny(.unauthorized, "Who are you?") }
            try await ws.send("welcome")
        }
        app.websocket("/forbidden") { _ in throw HTTPError(.forbidden, "Not for you") }
        app.websocket("/silent") { _ in }
        app.websocket("/crash") { ws in
            try await ws.send("about to fail")
            struct Broken: Error {}
            throw Broken()
        }
        app.websocket("/chat/:room") { ws in
            let room = "room:" + (ws.parameter("room") ?? "")
            try await ws.join(room)
            try await ws.broadcastToOthers("someone joined", to: room)
            for try await message in ws.messages {
                guard let text = message.text else { continue }
                if text.hasPrefix("others:") {
                    try await ws.broadcastToOthers(String(text.dropFirst(7)), to: room)
                } else {
                    try await ws.broadcast(text, to: room)
                }
            }
            try await ws.broadcastToOthers("someone left", to: room)
        }
        return app
    }

    @Test func echoWithAPathParameterAndACleanClose() async throws {
        let client = TestClient(app: Self.app().application)
        let socket = try await client.websocket("/echo/ada")
        try await socket.send(text: "hello")
        #expect(try await socket.receiveText() == "ada: hello")
        try await socket.send(binary: ByteBuffer(bytes: [1, 2]))
        #expect(try await socket.receiveText() == "ada: binary")
        try await socket.close()
    }

    @Test func theHandlerReturningClosesWith1000() async throws {
        let socket = try await TestClient(app: Self.app().application).websocket("/json")
        #expect(try await socket.receiveText() == #"{"room":"lobby","text":"hi"}"#)
        #expect(try await socket.waitForClose().code == .normalClosure)
    }

    @Test func aSubprotocolIsChosenFromTheOffer() async throws {
        let client = TestClient(app: Self.app().application)
        let socket = try await client.websocket("/protocols", subprotocols: ["chat.v1", "chat.v2"])
        #expect(socket.subprotocol == "chat.v2")
        #expect(try await socket.receiveText() == #"chose ["chat.v1", "chat.v2"]"#)
        let plain = try await client.websocket("/protocols")
        #expect(plain.subprotocol == nil)
    }

    @Test func refusals() async throws {
        let client = TestClient(app: Self.app().application) { $0.raiseAppErrors = false }
        func status(_ path: String, headers: Headers = [:]) async throws -> (Int, String) {
            do {
                _ = try await client.websocket(path, headers: headers)
                return (101, "")
            } catch TestClientError.websocketDenied(let response) {
                return (response.status.code, response.text)
            }
        }
        #expect(try await status("/private") == (401, "Who are you?"))
        #expect(try await status("/private", headers: ["authorization": "Bearer ok"]).0 == 101)
        #expect(try await status("/forbidden") == (403, "Not for you"))
        #expect(try await status("/silent").0 == 403)
        #expect(try await status("/nowhere") == (404, "Not Found"))
    }

    @Test func anErrorAfterAcceptClosesWith1011() async throws {
        let socket = try await TestClient(app: Self.app().application) { $0.raiseAppErrors = false }.websocket("/crash")
        #expect(try await socket.receiveText() == "about to fail")
        #expect(try await socket.waitForClose() == (.internalError, "Internal Error"))
    }

    @Test func plainHTTPToAWebSocketPathIs426() async throws {
        let response = try await TestClient(app: Self.app().application).get("/echo/ada")
        #expect(response.status == .upgradeRequired && response.headers["upgrade"] == "websocket")
        #expect(response.text.contains("WebSocket endpoint"))
    }

    @Test func roomsBroadcastToEveryoneOrToOthersAndForgetTheGone() async throws {
        let app = Self.app()
        let pubsub = app.pubsub
        let client = TestClient(app: app.application)
        let ann = try await client.websocket("/chat/lobby")
        let bob = try await client.websocket("/chat/lobby")
        #expect(try await ann.receiveText() == "someone joined")
        let eve = try await client.websocket("/chat/other")
        try await bob.send(text: "hello all")
        #expect(try await ann.receiveText() == "hello all")
        #expect(try await bob.receiveText() == "hello all")
        try await ann.send(text: "others:psst")
        #expect(try await bob.receiveText() == "psst")
        #expect(app.pubsub.subscriberCount(channel: "room:lobby") == 2)
        #expect(app.pubsub.subscriberCount(channel: "room:other") == 1)
        // Eve's room heard nothing; Bob hears Ann leave; nobody is left behind.
        try await ann.close()
        #expect(try await bob.receiveText() == "someone left")
        try await bob.drop()
        try await eve.close()
        try await waitUntil { pubsub.subscriberCount(channel: "room:lobby") == 0 && pubsub.subscriberCount(channel: "room:other") == 0 }
        #expect(app.pubsub.channels.isEmpty)
    }
}

/// Slows every WebSocket message the application sends: a client that reads slowly.
struct SlowWebSocketSends: Middleware {
    func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            try await app(scope, receive) { event in
                if case .websocketSend = event { try await Task.sleep(for: .milliseconds(5)) }
                try await send(event)
            }
        }
    }
}

@Suite struct RoomOverflowTests {
    /// A socket that falls `subscriberBufferSize` messages behind its room gets what was
    /// buffered, then is closed with 1008 and leaves the room; publishers never wait.
    @Test func aSlowSocketIsClosedWith1008() async throws {
        let app = SimpleApp()
        app.subscriberBufferSize = 4
        app.websocket("/room") { ws in
            try await ws.join("busy")
            for try await _ in ws.messages {}
        }
        app.use(SlowWebSocketSends())
        let pubsub = app.pubsub
        let socket = try await TestClient(app: app.application).websocket("/room")
        try await waitUntil { pubsub.subscriberCount(channel: "busy") == 1 }
        let started = ContinuousClock.now
        for number in 0..<50 { try await pubsub.publish(.text("\(number)"), to: "busy") }
        #expect(started.duration(to: .now) < .milliseconds(100))  // 50 publishes, none waiting for the socket.
        var received: [String] = []
        while true {
            do {
                received.append(try await socket.receiveText())
            } catch TestClientError.websocketClosed(let code, _) {
                #expect(code == .policyViolation)
                break
            }
        }
        #expect(received.count <= 6 && received.first == "0")
        try await waitUntil { pubsub.subscriberCount(channel: "busy") == 0 }
    }
}

/// Polls `condition` for up to two seconds (clean-up runs as connections wind down).
func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    #expect(condition())
}
