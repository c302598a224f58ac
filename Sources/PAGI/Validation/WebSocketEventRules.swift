/// The order of events in a `websocket` scope: the handshake answer (accept, close or a
/// denial response), then messages, then one close.
struct WebSocketEventRules: Sendable {
    enum Phase: Sendable, Equatable {
        case handshake
        case open
        case denying
        case closed
    }

    private(set) var phase = Phase.handshake
    let offeredSubprotocols: [String]

    /// Handshake headers the server writes itself; an application may not set them.
    private static let serverHandshakeHeaders: Set<HeaderName> = [
        .upgrade, .connection, "sec-websocket-accept", .secWebSocketProtocol, "sec-websocket-extensions",
    ]

    init(offeredSubprotocols: [String]) {
        self.offeredSubprotocols = offeredSubprotocols
    }

    mutating func validate(_ event: OutboundEvent) throws(PAGIError) {
        switch event {
        case .websocketAccept(let subprotocol, let headers):
            try self.requireHandshake(event)
            if let subprotocol, !self.offeredSubprotocols.contains(subprotocol) {
                throw PAGIError.invalid(
                    event.type,
                    "subprotocol \(String(reflecting: subprotocol)) was not offered by the client (offered: \(self.offeredSubprotocols))"
                )
            }
            try FieldRules.checkHeaders(headers, in: event.type)
            if let field = headers.first(where: { WebSocketEventRules.serverHandshakeHeaders.contains($0.name) }) {
                throw PAGIError.invalid(event.type, "the server writes '\(field.name)' itself; use the subprotocol field to choose a subprotocol")
            }
            self.phase = .open
        case .websocketSend:
            switch self.phase {
            case .handshake: throw PAGIError.outOfOrder(event.type, "send websocket.accept first")
            case .open: break
            case .denying: throw PAGIError.outOfOrder(event.type, "the handshake is being denied with an HTTP response")
            case .closed: throw PAGIError.outOfOrder(event.type, "the WebSocket is closed")
            }
        case .websocketClose(let code, let reason):
            switch self.phase {
            case .handshake, .open: break
            case .denying: throw PAGIError.outOfOrder(event.type, "the handshake is being denied with an HTTP response")
            case .closed: throw PAGIError.outOfOrder(event.type, "the WebSocket is already closed")
            }
            guard code.isSendable else {
                throw PAGIError.invalid(event.type, "close code \(code) may not be sent (use 1000-1003, 1007-1014 or 3000-4999)")
            }
            guard reason.utf8.count <= 123 else {
                throw PAGIError.invalid(event.type, "the reason is \(reason.utf8.count) bytes; a close frame holds at most 123")
            }
            self.phase = .closed
        case .websocketKeepalive(let interval, let timeout):
            guard self.phase == .handshake || self.phase == .open else {
                throw PAGIError.outOfOrder(event.type, "the WebSocket is \(self.phase == .closed ? "closed" : "being denied")")
            }
            try FieldRules.checkNotNegative(interval, field: "interval", in: event.type)
            if let timeout { try FieldRules.checkNotNegative(timeout, field: "timeout", in: event.type) }
        case .websocketHTTPResponseStart(let start):
            try self.requireHandshake(event)
            try FieldRules.checkResponseStart(start, in: event.type, allowTrailers: false)
            self.phase = .denying
        case .websocketHTTPResponseBody(_, let more):
            guard self.phase == .denying else {
                throw PAGIError.outOfOrder(event.type, self.phase == .closed ? "the denial response is complete" : "send websocket.http.response.start first")
            }
            if !more { self.phase = .closed }
        default:
            throw PAGIError.notValidForScope(event.type, .websocket)
        }
    }

    private func requireHandshake(_ event: OutboundEvent) throws(PAGIError) {
        switch self.phase {
        case .handshake: return
        case .open: throw PAGIError.outOfOrder(event.type, "the WebSocket was already accepted")
        case .denying: throw PAGIError.outOfOrder(event.type, "the handshake is being denied with an HTTP response")
        case .closed: throw PAGIError.outOfOrder(event.type, "the WebSocket is closed")
        }
    }
}
