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
        let scope = self.makeRequestScope(.websocket, method: .get, target: target, headers: handshake, scheme: scheme, subprotocols: subprotocols)
        let run = AppRun(
            scope: .websocket(scope),
            terminal: .websocketDisconnect(code: .abnormalClosure, reason: DisconnectReason.clientClosed.rawValue),
            timeout: self.configuration.timeout,
            inboundCapacity: 64
        )
        run.start(self.app)
        try await run.deliver(.websocketConnect, waitingFor: "the application to receive websocket.connect")

        var keepalive: (Duration, Duration?)?
        var refusal = Refusal()
        while let sent = try await run.nextEvent(waitingFor: "the application to answer websocket.connect") {
            switch sent.event {
            case .websocketAccept(let subprotocol, let acceptHeaders):
                return TestWebSocket(run: run, raiseAppErrors: self.configuration.raiseAppErrors, subprotocol: subprotocol, acceptHeaders: acceptHeaders, keepalive: keepalive)
            case .websocketKeepalive(let interval, let timeout):
                keepalive = interval == .zero ? nil : (interval, timeout)
            case .websocketClose:
                refusal.answeredByServer(.forbidden, event: sent.event)
            case .websocketHTTPResponseStart(let start):
                refusal.start(start, event: sent.event)
            case .websocketHTTPResponseBody(let body, let more):
                refusal.body(body, more: more, event: sent.event)
            default:
                continue
            }
        }
        try await run.concludeRefusal(
            refusal,
            raiseAppErrors: self.configuration.raiseAppErrors,
            unanswered: "accepting or refusing the WebSocket",
            as: TestClientError.websocketDenied
        )
    }
}
