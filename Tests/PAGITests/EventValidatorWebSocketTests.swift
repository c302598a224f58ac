import HTTPTypes
import NIOCore
import PAGI
import Testing

@Suite struct EventValidatorWebSocketTests {
    static let denialStart = OutboundEvent.websocketHTTPResponseStart(ResponseStart(status: .unauthorized, headers: ["www-authenticate": "Bearer"]))

    static let rejections: [RejectionCase] = [
        RejectionCase(name: "send before accept", scope: Scopes.websocket, rejected: .websocketSend(text: "hi"), code: .eventOutOfOrder, message: "send websocket.accept first"),
        RejectionCase(name: "accept twice", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketAccept(), code: .eventOutOfOrder, message: "already accepted"),
        RejectionCase(name: "accept after close", scope: Scopes.websocket, accepted: [.websocketClose()], rejected: .websocketAccept(), code: .eventOutOfOrder, message: "is closed"),
        RejectionCase(name: "subprotocol not offered", scope: Scopes.websocket, rejected: .websocketAccept(subprotocol: "xml"), code: .invalidEvent, message: "\"xml\" was not offered"),
        RejectionCase(name: "accept sets the accept header", scope: Scopes.websocket, rejected: .websocketAccept(headers: ["sec-websocket-accept": "x"]), code: .invalidEvent, message: "the server writes 'sec-websocket-accept' itself"),
        RejectionCase(name: "accept sets the protocol header", scope: Scopes.websocket, rejected: .websocketAccept(headers: ["sec-websocket-protocol": "chat"]), code: .invalidEvent, message: "use the subprotocol field"),
        RejectionCase(name: "CR LF in accept header", scope: Scopes.websocket, rejected: .websocketAccept(headers: ["x-a": "1\r\n"]), code: .invalidEvent, message: "control character"),
        RejectionCase(name: "send after close", scope: Scopes.websocket, accepted: [.websocketAccept(), .websocketClose()], rejected: .websocketSend(text: "late"), code: .eventOutOfOrder, message: "the WebSocket is closed"),
        RejectionCase(name: "close twice", scope: Scopes.websocket, accepted: [.websocketAccept(), .websocketClose()], rejected: .websocketClose(), code: .eventOutOfOrder, message: "already closed"),
        RejectionCase(name: "close code 1005", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketClose(code: .noStatusReceived), code: .invalidEvent, message: "close code 1005 may not be sent"),
        RejectionCase(name: "close code 1006", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketClose(code: .abnormalClosure), code: .invalidEvent, message: "close code 1006"),
        RejectionCase(name: "close code 1004", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketClose(code: 1004), code: .invalidEvent, message: "close code 1004"),
        RejectionCase(name: "close code 1015", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketClose(code: 1015), code: .invalidEvent, message: "close code 1015"),
        RejectionCase(name: "close code 999", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketClose(code: 999), code: .invalidEvent, message: "close code 999"),
        RejectionCase(name: "close code 5000", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketClose(code: 5000), code: .invalidEvent, message: "close code 5000"),
        RejectionCase(name: "close reason too long", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketClose(reason: String(repeating: "é", count: 62)), code: .invalidEvent, message: "the reason is 124 bytes"),
        RejectionCase(name: "negative keepalive interval", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketKeepalive(interval: .seconds(-1)), code: .invalidEvent, message: "'interval' must not be negative"),
        RejectionCase(name: "negative keepalive timeout", scope: Scopes.websocket, accepted: [.websocketAccept()], rejected: .websocketKeepalive(interval: .seconds(5), timeout: .seconds(-1)), code: .invalidEvent, message: "'timeout' must not be negative"),
        RejectionCase(name: "keepalive after close", scope: Scopes.websocket, accepted: [.websocketAccept(), .websocketClose()], rejected: .websocketKeepalive(interval: .seconds(5)), code: .eventOutOfOrder, message: "closed"),
        RejectionCase(name: "denial without the extension", scope: Scopes.websocket, rejected: denialStart, code: .extensionNotEnabled, message: "needs the 'websocket.http.response' extension"),
        RejectionCase(name: "denial body before denial start", scope: Scopes.websocketWithDenial, rejected: .websocketHTTPResponseBody(ByteBuffer()), code: .eventOutOfOrder, message: "send websocket.http.response.start first"),
        RejectionCase(name: "denial after accept", scope: Scopes.websocketWithDenial, accepted: [.websocketAccept()], rejected: denialStart, code: .eventOutOfOrder, message: "already accepted"),
        RejectionCase(name: "accept during denial", scope: Scopes.websocketWithDenial, accepted: [denialStart], rejected: .websocketAccept(), code: .eventOutOfOrder, message: "being denied"),
        RejectionCase(name: "send during denial", scope: Scopes.websocketWithDenial, accepted: [denialStart], rejected: .websocketSend(text: "x"), code: .eventOutOfOrder, message: "being denied"),
        RejectionCase(name: "keepalive during denial", scope: Scopes.websocketWithDenial, accepted: [denialStart], rejected: .websocketKeepalive(interval: .seconds(1)), code: .eventOutOfOrder, message: "being denied"),
        RejectionCase(name: "close during denial", scope: Scopes.websocketWithDenial, accepted: [denialStart], rejected: .websocketClose(), code: .eventOutOfOrder, message: "being denied"),
        RejectionCase(name: "denial body after it completed", scope: Scopes.websocketWithDenial, accepted: [denialStart, .websocketHTTPResponseBody(ByteBuffer(string: "no"))], rejected: .websocketHTTPResponseBody(ByteBuffer()), code: .eventOutOfOrder, message: "the denial response is complete"),
        RejectionCase(name: "denial with a 101", scope: Scopes.websocketWithDenial, rejected: .websocketHTTPResponseStart(ResponseStart(status: .switchingProtocols)), code: .invalidEvent, message: "not a final status"),
        RejectionCase(name: "denial with trailers", scope: Scopes.websocketWithDenial, rejected: .websocketHTTPResponseStart(ResponseStart(status: .forbidden, trailers: true)), code: .invalidEvent, message: "trailers are only available on http.response.start"),
        RejectionCase(name: "http body in websocket", scope: Scopes.websocket, rejected: .finalBody, code: .eventNotValidForScope, message: "not valid in a 'websocket' scope"),
        RejectionCase(name: "fullflush in websocket", scope: Scopes.websocket, rejected: .httpFullFlush, code: .eventNotValidForScope, message: "not valid in a 'websocket' scope"),
    ]

    @Test(arguments: rejections)
    func rejects(_ rejection: RejectionCase) throws {
        try rejection.check()
    }

    @Test func acceptsAConversation() throws {
        var validator = EventValidator(scope: Scopes.websocket)
        validator.received(.websocketConnect)
        try validator.validate(.websocketKeepalive(interval: .seconds(30), timeout: .seconds(10)))
        try validator.validate(.websocketAccept(subprotocol: "json", headers: ["x-session": "1"]))
        try validator.validate(.websocketSend(text: "hello"))
        try validator.validate(.websocketSend(binary: ByteBuffer(bytes: [0, 1, 2])))
        try validator.validate(.websocketKeepalive(interval: .zero))
        #expect(!validator.isComplete)
        try validator.validate(.websocketClose(code: 4000, reason: "bye"))
        #expect(validator.isComplete)
    }

    @Test func closeBeforeAcceptRefusesTheHandshake() throws {
        var validator = EventValidator(scope: Scopes.websocket)
        try validator.validate(.websocketClose())
        #expect(validator.hasStarted && validator.isComplete)
    }

    @Test func aDenialResponseMaySpanSeveralBodies() throws {
        var validator = EventValidator(scope: Scopes.websocketWithDenial)
        try validator.validate(Self.denialStart)
        try validator.validate(.websocketHTTPResponseBody(ByteBuffer(string: "{\"error\":"), more: true))
        #expect(!validator.isComplete)
        try validator.validate(.websocketHTTPResponseBody(ByteBuffer(string: "\"unauthorized\"}")))
        #expect(validator.isComplete)
    }
}
