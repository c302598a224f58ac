import HTTPTypes
import NIOCore
import PAGI
import PAGITesting
import Testing

@Suite struct WebSocketClientTests {
    /// Accepts with the first offered subprotocol and echoes until the client leaves,
    /// recording the disconnect it saw.
    static func echo(_ disconnect: Recorder<InboundEvent?>, scope seen: Recorder<RequestScope?> = Recorder(nil)) -> Application {
        { scope, receive, send in
            guard case .websocket(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
            seen.update { $0 = request }
            guard case .websocketConnect = try await receive() else { return }
            try await send(.websocketKeepalive(interval: .seconds(20), timeout: .seconds(5)))
            try await send(.websocketAccept(subprotocol: request.subprotocols.first, headers: ["x-session": "7"]))
            while true {
                let event = try await receive()
                switch event {
                case .websocketReceive(let message): try await send(.websocketSend(message))
                default:
                    disconnect.update { $0 = event }
                    return
                }
            }
        }
    }

    @Test func echoesTextAndBinary() async throws {
        let disconnect = Recorder<InboundEvent?>(nil)
        let seen = Recorder<RequestScope?>(nil)
        let ws = try await TestClient(app: Self.echo(disconnect, scope: seen)).websocket("/ws?room=1", subprotocols: ["chat", "json"])
        #expect(ws.subprotocol == "chat")
        #expect(ws.acceptHeaders["x-session"] == "7")
        #expect(ws.keepalive?.interval == .seconds(20))
        try await ws.send(text: "héllo")
        #expect(try await ws.receiveText() == "héllo")
        try await ws.send(binary: ByteBuffer(bytes: [0, 255]))
        #expect(try await ws.receiveBinary() == ByteBuffer(bytes: [0, 255]))
        try await ws.close(code: 4001, reason: "done")
        guard case .websocketDisconnect(let code, let reason)? = disconnect.value else {
            Issue.record("no disconnect: \(String(describing: disconnect.value))")
            return
        }
        #expect(code == 4001 && reason == "done")
        let request = try #require(seen.value)
        #expect(request.scheme == "ws")
        #expect(request.subprotocols == ["chat", "json"])
        #expect(request.queryString == "room=1")
        #expect(request.headers["upgrade"] == "websocket")
        #expect(request.headers["sec-websocket-protocol"] == "chat, json")
        await #expect(throws: TestClientError.self) { try await ws.send(text: "after close") }
    }

    @Test func aDropIsAnAbnormalClosure() async throws {
        let disconnect = Recorder<InboundEvent?>(nil)
        let ws = try await TestClient(app: Self.echo(disconnect)).websocket("/")
        try await ws.drop()
        guard case .websocketDisconnect(let code, let reason)? = disconnect.value else {
            Issue.record("no disconnect")
            return
        }
        #expect(code == .abnormalClosure && reason == "client_closed")
    }

    @Test func theApplicationMayClose() async throws {
        let after = Recorder<InboundEvent?>(nil)
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
            try await send(.websocketSend(text: "bye"))
            try await send(.websocketClose(code: 4000, reason: "finished"))
            let event = try await receive()
            after.update { $0 = event }
        }
        let ws = try await TestClient(app: app).websocket("/")
        #expect(try await ws.receiveText() == "bye")
        do {
            _ = try await ws.receive()
            Issue.record("no close")
        } catch TestClientError.websocketClosed(let code, let reason) {
            #expect(code == 4000 && reason == "finished")
        }
        let close = try await ws.waitForClose()
        #expect(close.code == 4000)
        guard case .websocketDisconnect(let code, _)? = after.value else {
            Issue.record("the application did not receive the close handshake's answer")
            return
        }
        #expect(code == 4000)
    }

    @Test func closeBeforeAcceptIsA403() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketClose())
        }
        do {
            _ = try await TestClient(app: app).websocket("/")
            Issue.record("accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .forbidden)
        }
    }

    @Test func aDenialResponseReachesTheClient() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketHTTPResponseStart(ResponseStart(status: .unauthorized, headers: ["www-authenticate": "Bearer"])))
            try await send(.websocketHTTPResponseBody(ByteBuffer(string: "{\"error\":"), more: true))
            try await send(.websocketHTTPResponseBody(ByteBuffer(string: "\"unauthorized\"}")))
        }
        do {
            _ = try await TestClient(app: app).websocket("/")
            Issue.record("accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .unauthorized)
            #expect(response.headers["www-authenticate"] == "Bearer")
            #expect(response.text == "{\"error\":\"unauthorized\"}")
        }
    }

    @Test func errorsAfterAcceptFailTheSession() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketAccept())
            _ = try await receive()
            throw BoomError()
        }
        let ws = try await TestClient(app: app).websocket("/")
        try await ws.send(text: "trigger")
        await #expect(throws: BoomError()) { _ = try await ws.receive() }

        let lenient = try await TestClient(app: app) { $0.raiseAppErrors = false }.websocket("/")
        try await lenient.send(text: "trigger")
        do {
            _ = try await lenient.receive()
            Issue.record("no close")
        } catch TestClientError.websocketClosed(let code, _) {
            #expect(code == .internalError)
        }
    }

    @Test func sendingBeforeAcceptFails() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.websocketSend(text: "too early"))
        }
        await #expect(throws: PAGIError.self) { _ = try await TestClient(app: app).websocket("/") }
    }

    @Test func anUnsupportedScopeIsRefused() async throws {
        do {
            _ = try await TestClient(app: Apps.text("http only")) { $0.raiseAppErrors = false }.websocket("/")
            Issue.record("accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .internalServerError)
            #expect((response.error as? PAGIError)?.code == .unsupportedScope)
        }
    }
}
