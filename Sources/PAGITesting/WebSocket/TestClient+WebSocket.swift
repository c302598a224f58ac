public import PAGI
import HTTPTypes
import NIOCore

extension TestClient {
    /// Opens a WebSocket: the application receives `websocket.connect` and must accept.
    ///
    /// Throws ``TestClientError/websocketDenied(_:)`` when it refuses (403 for
    /// `websocket.close` before accept, or its denial response), and the application's error
    /// when it fails before answering.
    public func websocket(_ target: String, subprotocols: [String] = [], headers: Headers = [:]) async throws -> TestWebSocket {
        var handshake: Headers = [
            "upgrade": "websocket", "connection": "Upgrade",
            "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13",
        ]
        if !subprotocols.isEmpty { handshake.append(.secWebSocketProtocol, ByteString(subprotocols.joined(separator: ", "))) }
        handshake.append(contentsOf: headers)
        let scheme = self.configuration.scheme == "https" ? "wss" : "ws"
        let scope = self.makeRequestScope(method: .get, target: target, headers: handshake, scheme: scheme, subprotocols: subprotocols)
        let run = AppRun(
            scope: .websocket(scope),
            terminal: .websocketDisconnect(code: .abnormalClosure, reason: DisconnectReason.clientClosed.rawValue),
            timeout: self.configuration.timeout,
            inboundCapacity: 64
        )
        run.start(self.app)
        await run.deliver(.websocketConnect)

        var keepalive: (Duration, Duration?)?
        var denial: TestResponse?
        while let sent = try await run.nextEvent(waitingFor: "the application to answer websocket.connect") {
            switch sent.event {
            case .websocketAccept(let subprotocol, let acceptHeaders):
                return TestWebSocket(run: run, raiseAppErrors: self.configuration.raiseAppErrors, subprotocol: subprotocol, acceptHeaders: acceptHeaders, keepalive: keepalive)
            case .websocketKeepalive(let interval, let timeout):
                keepalive = interval == .zero ? nil : (interval, timeout)
            case .websocketClose:
                run.endInput(terminal: .websocketDisconnect(code: .abnormalClosure, reason: DisconnectReason.clientClosed.rawValue))
                denial = TestResponse.serverError(.forbidden, error: nil)
            case .websocketHTTPResponseStart(let start):
                denial = TestResponse(status: start.status, headers: start.headers)
            case .websocketHTTPResponseBody(let body, let more):
                denial?.chunks.append(body)
                if !more {
                    denial?.isComplete = true
                    run.endInput(terminal: .websocketDisconnect(code: .abnormalClosure, reason: DisconnectReason.clientClosed.rawValue))
                }
            default:
                continue
            }
            denial?.events.append(sent.event)
        }
        let outcome = try await run.outcome(waitingFor: "the application to return")
        let appError: (any Error)? = run.violation ?? run.thrownError
        if let appError, self.configuration.raiseAppErrors { throw appError }
        if let denial, denial.isComplete { throw TestClientError.websocketDenied(denial) }
        if case .returned = outcome, appError == nil, self.configuration.raiseAppErrors {
            throw PAGIError(.noResponse, "The application returned without accepting or refusing the WebSocket")
        }
        throw TestClientError.websocketDenied(.serverError(.internalServerError, error: appError))
    }
}
