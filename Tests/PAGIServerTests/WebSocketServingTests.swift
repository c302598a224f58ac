import NIOCore
import NIOWebSocket
import PAGI
import PAGIExamples
import PAGIServer
import Testing

/// The WebSocket server on the wire: handshakes, messages, pings, each way to close.
@Suite struct WebSocketServingTests {
    /// An application that accepts, then reports every event it receives to the test.
    static func reporting(_ report: AsyncStream<InboundEvent>.Continuation, accept: OutboundEvent = .websocketAccept()) -> Application {
        { _, receive, send in
            _ = try await receive()
            try await send(accept)
            while true {
                let event = try await receive()
                report.yield(event)
                if event.isDisconnect { return }
            }
        }
    }

    @Test func theHandshakeCompletesWhenTheApplicationAccepts() async throws {
        try await LiveServer.run(ExampleApps.websocketEcho) { server in
            let client = try await server.connect()
            let response = try await client.upgrade("/chat", subprotocols: ["v2", "v1"])
            #expect(response.status == 101)
            #expect(response.header("upgrade")?.lowercased() == "websocket")
            #expect(response.header("connection")?.lowercased() == "upgrade")
            #expect(response.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
            #expect(response.header("sec-websocket-protocol") == "v2")
            try await client.sendText("hello λ")
            #expect(try await client.readFrame() == .init(opcode: .text, payload: Array("hello λ".utf8)))
            try await client.sendFrame(.binary, [0, 1, 2])
            #expect(try await client.readFrame() == .init(opcode: .binary, payload: [0, 1, 2]))
        }
    }

    @Test func fragmentsAreJoinedAndPingsBetweenThemAnswered() async throws {
        try await LiveServer.run(ExampleApps.websocketEcho) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            try await client.sendText("frag", fin: false)
            try await client.sendFrame(.ping, Array("are you there".utf8))
            try await client.sendFrame(.continuation, Array("men".utf8), fin: false)
            try await client.sendFrame(.continuation, Array("ted".utf8))
            #expect(try await client.readFrame() == .init(opcode: .pong, payload: Array("are you there".utf8)))
            #expect(try await client.readFrame() == .init(opcode: .text, payload: Array("fragmented".utf8)))
        }
    }

    @Test func aLargeMessageRoundTrips() async throws {
        try await LiveServer.run(ExampleApps.websocketEcho) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            let payload = (0..<300_000).map { UInt8($0 % 251) }
            try await client.sendFrame(.binary, payload)
            #expect(try await client.readFrame().payload == payload)
        }
    }

    @Test func theClientsCloseIsEchoedAndReported() async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        try await LiveServer.run(Self.reporting(report)) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            try await client.sendText("last words")
            try await client.sendClose(4000, "done")
            let echo = try await client.readFrame()
            #expect(echo.close?.code == 4000)
            #expect(try await client.isClosedByServer())
            var iterator = events.makeAsyncIterator()
            #expect(await iterator.next()?.description == "websocket.receive")
            guard case .websocketDisconnect(let code, let reason)? = await iterator.next() else { throw TestFailure("no disconnect") }
            #expect(code == 4000 && reason == "done")
        }
    }

    @Test func aCloseWithoutACodeIsReportedAs1005() async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        try await LiveServer.run(Self.reporting(report)) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            try await client.sendFrame(.connectionClose, [])
            #expect(try await client.readFrame() == .init(opcode: .connectionClose, payload: []))
            var iterator = events.makeAsyncIterator()
            guard case .websocketDisconnect(let code, _)? = await iterator.next() else { throw TestFailure("no disconnect") }
            #expect(code == .noStatusReceived)
        }
    }

    @Test func theApplicationClosesWithItsCodeAndReason() async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
            try await send(.websocketClose(code: 4001, reason: "bye"))
            report.yield(try await receive())
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            let close = try await client.readFrame()
            #expect(close.close?.code == 4001 && close.close?.reason == "bye")
            try await client.sendClose(4001)
            #expect(try await client.isClosedByServer())
            var iterator = events.makeAsyncIterator()
            guard case .websocketDisconnect(let code, _)? = await iterator.next() else { throw TestFailure("no disconnect") }
            #expect(code == 4001)
        }
    }

    @Test func anApplicationThatReturnsClosesWith1000AndOneThatThrowsWith1011() async throws {
        for (fails, expected) in [(false, UInt16(1000)), (true, 1011)] {
            let app: Application = { _, receive, send in
                _ = try await receive()
                try await send(.websocketAccept())
                if fails { throw TestFailure("boom") }
            }
            try await LiveServer.run(app) { server in
                let client = try await server.connect()
                _ = try await client.upgrade()
                #expect(try await client.readFrame().close?.code == expected)
            }
        }
    }

    @Test func aClientThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
        }
        try await LiveServer.run(app, configure: { $0.webSocket.closeTimeout = .milliseconds(200) }) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            #expect(try await client.readFrame().close?.code == 1000)
            #expect(try await client.isClosedByServer(timeout: .seconds(2)))
        }
    }

    @Test func aDroppedConnectionIsAnAbnormalClosure() async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        try await LiveServer.run(Self.reporting(report)) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            await client.close()
            var iterator = events.makeAsyncIterator()
            guard case .websocketDisconnect(let code, let reason)? = await iterator.next() else { throw TestFailure("no disconnect") }
            #expect(code == .abnormalClosure && reason == "client_closed")
        }
    }

    // MARK: - Handshake refusals

    @Test func badHandshakesAreRefusedBeforeTheApplicationRuns() async throws {
        let cases: [(request: String, status: Int)] = [
            ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(RawClient.handshakeKey)\r\nSec-WebSocket-Version: 8\r\n\r\n", 426),
            ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(RawClient.handshakeKey)\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n", 400),
        ]
        let ran = Box(false)
        let app: Application = { scope, _, _ in
            guard case .websocket = scope else { throw PAGIError.unsupportedScope(scope.type) }
            ran.withLock { $0 = true }
        }
        try await LiveServer.run(app) { server in
            for (request, status) in cases {
                let client = try await server.connect()
                try await client.send(request)
                let response = try await client.readResponse()
                #expect(response.status == status, "\(request)")
                if status == 426 { #expect(response.header("sec-websocket-version") == "13") }
            }
        }
        #expect(!ran.withLock { $0 })
    }

    @Test func closeBeforeAcceptIs403AndNoAnswerIs500() async throws {
        let app: Application = { scope, receive, send in
            _ = try await receive()
            if scope.request?.path == "/close" { try await send(.websocketClose()) }
        }
        try await LiveServer.run(app) { server in
            for (path, status) in [("/close", 403), ("/silent", 500)] {
                let client = try await server.connect()
                #expect(try await client.upgrade(path).status == status)
                #expect(try await client.isClosedByServer())
            }
        }
    }

    @Test func theDenialResponseReachesTheClient() async throws {
        let app: Application = { scope, receive, send in
            guard case .websocket = scope else { throw PAGIError.unsupportedScope(scope.type) }
            #expect(scope.extensions.websocketHTTPResponse)
            _ = try await receive()
            try await send(.websocketHTTPResponseStart(ResponseStart(status: .unauthorized, headers: ["www-authenticate": "Bearer"])))
            try await send(.websocketHTTPResponseBody(ByteBuffer(string: "who are "), more: true))
            try await send(.websocketHTTPResponseBody(ByteBuffer(string: "you?")))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(RawClient.handshakeKey)\r\nSec-WebSocket-Version: 13\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 401)
            #expect(response.header("www-authenticate") == "Bearer")
            #expect(response.body == "who are you?")
            #expect(try await client.isClosedByServer())
        }
    }

    @Test func theScopeDescribesTheHandshake() async throws {
        let seen = Box<RequestScope?>(nil)
        let app: Application = { scope, receive, send in
            guard case .websocket(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
            seen.withLock { $0 = request }
            _ = try await receive()
            try await send(.websocketClose())
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            _ = try await client.upgrade("/room%201?x=1", subprotocols: ["a", " b "])
        }
        let request = try #require(seen.withLock { $0 })
        #expect(request.scheme == "ws")
        #expect(request.path == "/room 1" && request.queryString == "x=1")
        #expect(request.subprotocols == ["a", "b"])
        #expect(request.connection == nil)
    }

    // MARK: - Protocol enforcement

    @Test(arguments: [
        ("unmasked frame", UInt16(1002)),
        ("RSV1 without an extension", 1002),
        ("reserved opcode", 1002),
        ("oversized ping", 1002),
        ("invalid UTF-8", 1007),
        ("too big", 1009),
    ])
    func protocolViolationsFailTheConnection(_ violation: String, _ code: UInt16) async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        try await LiveServer.run(Self.reporting(report), configure: { $0.webSocket.maxMessageSize = 1000 }) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            switch violation {
            case "unmasked frame": try await client.sendFrame(.text, Array("x".utf8), masked: false)
            case "RSV1 without an extension": try await client.sendFrame(.text, Array("x".utf8), rsv: 4)
            case "reserved opcode": try await client.sendFrame(WebSocketOpcode(encodedWebSocketOpcode: 3)!, [])
            case "oversized ping": try await client.sendFrame(.ping, Array(repeating: 1, count: 126))
            case "invalid UTF-8": try await client.sendFrame(.text, [0x68, 0xC0, 0xAF], fin: false)
            default: try await client.sendFrame(.binary, Array(repeating: 1, count: 1001))
            }
            #expect(try await client.readFrame().close?.code == code)
            #expect(try await client.isClosedByServer())
            var iterator = events.makeAsyncIterator()
            guard case .websocketDisconnect(let reported, let reason)? = await iterator.next() else { throw TestFailure("no disconnect") }
            #expect(reported.rawValue == code && reason == "protocol_error")
        }
    }

    @Test func aZeroQueueTimeoutFailsAsSoonAsTheQueueOverflows() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
            try await Task.sleep(for: .milliseconds(2000))  // Not reading.
            while !(try await receive()).isDisconnect {}
        }
        let configure: (inout ServerConfiguration) -> Void = {
            $0.webSocket.maxQueue = 1
            $0.webSocket.queueTimeout = .zero
            $0.timeoutKeepAlive = .milliseconds(200)
        }
        try await LiveServer.run(app, configure: configure) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            try await Task.sleep(for: .milliseconds(300))  // The background reader has the socket by now.
            let started = ContinuousClock.now
            for index in 0..<3 { try await client.sendText("m\(index)") }
            #expect(try await client.readFrame().close?.code == 1008)
            #expect(started.duration(to: .now) < .milliseconds(1500))  // Not after a timeout.
        }
    }

    /// An application that returns as soon as it hears of the close must not get its own 1000
    /// onto the wire before the server's answer (Autobahn 7.3.2 and 7.9.x caught this once).
    @Test func theServersCloseCodeWinsOverAnApplicationThatReturnsAtOnce() async throws {
        try await LiveServer.run(ExampleApps.websocketEcho) { server in
            for _ in 0..<10 {
                let echoed = try await server.connect()
                _ = try await echoed.upgrade()
                try await echoed.sendClose(4000)
                #expect(try await echoed.readFrame().close?.code == 4000)
                let refused = try await server.connect()
                _ = try await refused.upgrade()
                try await refused.sendClose(999)
                #expect(try await refused.readFrame().close?.code == 1002)
            }
        }
    }

    @Test func aFullQueueThatStaysFullFailsWith1008AfterDeliveringWhatItHeld() async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
            try await Task.sleep(for: .milliseconds(2000))  // Not reading (long enough for a loaded machine).
            while true {
                let event = try await receive()
                report.yield(event)
                if event.isDisconnect { return }
            }
        }
        // A short keep-alive timeout makes the sweep pass every 50 ms: the background reader
        // takes the socket soon after the application stopped reading.
        let configure: (inout ServerConfiguration) -> Void = {
            $0.webSocket.maxQueue = 2
            $0.webSocket.queueTimeout = .milliseconds(200)
            $0.timeoutKeepAlive = .milliseconds(200)
        }
        try await LiveServer.run(app, configure: configure) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            for index in 0..<5 { try await client.sendText("m\(index)") }
            #expect(try await client.readFrame().close?.code == 1008)
            var received: [String] = []
            for await event in events {
                switch event {
                case .websocketReceive(.text(let text)): received.append(text)
                case .websocketDisconnect(let code, let reason):
                    #expect(code == .policyViolation && reason == "queue_overflow")
                default: break
                }
                if event.isDisconnect { break }
            }
            #expect(received == ["m0", "m1"])
        }
    }

    @Test func whileTheApplicationIsBusyPingsAndTheCloseAreStillAnswered() async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
            try await Task.sleep(for: .milliseconds(2500))  // Busy elsewhere: not in receive.
            while true {
                let event = try await receive()
                report.yield(event)
                if event.isDisconnect { return }
            }
        }
        try await LiveServer.run(app, configure: { $0.timeoutKeepAlive = .milliseconds(200) }) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            try await client.sendText("queued while busy")
            try await client.sendFrame(.ping, Array("still there?".utf8))
            let started = ContinuousClock.now
            #expect(try await client.readFrame() == .init(opcode: .pong, payload: Array("still there?".utf8)))
            // Answered by the background reader, long before the application is back.
            #expect(started.duration(to: .now) < .milliseconds(2000))
            try await client.sendClose(1000, "bye")
            #expect(try await client.readFrame().close?.code == 1000)
            var received: [String] = []
            for await event in events {
                if case .websocketReceive(.text(let text)) = event { received.append(text) }
                if case .websocketDisconnect(let code, let reason) = event {
                    #expect(code == .normalClosure && reason == "bye")
                    break
                }
            }
            #expect(received == ["queued while busy"])
        }
    }

    // MARK: - Keepalive and shutdown

    @Test func anUnansweredKeepalivePingDropsTheConnection() async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        let app: Application = { scope, receive, send in
            _ = try await receive()
            // A timeout well above the interval: the client must read the ping before the server
            // drops the connection (a reset discards what the client has not read yet), even
            // on a loaded machine.
            try await send(.websocketKeepalive(interval: .milliseconds(100), timeout: .seconds(1)))
            try await send(.websocketAccept())
            report.yield(try await receive())
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            #expect(try await client.readFrame().opcode == .ping)
            var iterator = events.makeAsyncIterator()
            guard case .websocketDisconnect(let code, let reason)? = await iterator.next() else { throw TestFailure("no disconnect") }
            #expect(code == .abnormalClosure && reason == "keepalive_timeout")
        }
    }

    @Test func answeredPingsKeepTheConnection() async throws {
        // A pong timeout well above the interval: a loaded machine must not make this flaky.
        try await LiveServer.run(ExampleApps.websocketEcho, configure: { $0.webSocket.pingInterval = .milliseconds(100); $0.webSocket.pingTimeout = .seconds(2) }) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            for _ in 0..<4 {
                let ping = try await client.readFrame()
                #expect(ping.opcode == .ping)
                try await client.sendFrame(.pong, ping.payload)
            }
            try await client.sendText("still here")
            #expect(try await client.readFrameSkippingPings().text == "still here")
        }
    }

    @Test func aGracefulShutdownClosesWith1001() async throws {
        let (events, report) = AsyncStream.makeStream(of: InboundEvent.self)
        try await LiveServer.run(Self.reporting(report)) { server in
            let client = try await server.connect()
            _ = try await client.upgrade()
            try await client.sendText("hi")
            var iterator = events.makeAsyncIterator()
            _ = await iterator.next()
            async let stopped: Void = server.shutdown()
            let close = try await client.readFrame()
            #expect(close.close?.code == 1001)
            try await client.sendClose(1001)
            guard case .websocketDisconnect(let code, _)? = await iterator.next() else { throw TestFailure("no disconnect") }
            #expect(code == .goingAway)
            await stopped
        }
    }
}
