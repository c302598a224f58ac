import NIOCore
import PAGI
import Testing

@Suite struct EventTypeTests {
    @Test func inboundEventsReportTheirSpecType() {
        let expected: [(InboundEvent, String)] = [
            (.httpRequest(ByteBuffer(), more: false), "http.request"),
            (.httpDisconnect(reason: nil), "http.disconnect"),
            (.websocketConnect, "websocket.connect"),
            (.websocketReceive(.text("x")), "websocket.receive"),
            (.websocketDisconnect(code: .normalClosure, reason: ""), "websocket.disconnect"),
            (.sseRequest(ByteBuffer(), more: false), "sse.request"),
            (.sseDisconnect(reason: .clientClosed), "sse.disconnect"),
            (.lifespanStartup, "lifespan.startup"),
            (.lifespanShutdown, "lifespan.shutdown"),
            (.custom(ExtensionEvent(type: "ext.x.ping", extensionName: "x")), "ext.x.ping"),
        ]
        for (event, type) in expected {
            #expect(event.type == type)
            #expect(event.description == type)
        }
        #expect(expected.filter { $0.0.isDisconnect }.count == 3)
    }

    @Test func outboundEventsReportTheirSpecType() {
        let expected: [(OutboundEvent, String)] = [
            (.httpResponseStart(status: .ok), "http.response.start"),
            (.httpResponseBody("x"), "http.response.body"),
            (.httpResponseFile(.path("/x")), "http.response.body"),
            (.httpResponseTrailers([:]), "http.response.trailers"),
            (.httpFullFlush, "http.fullflush"),
            (.websocketAccept(), "websocket.accept"),
            (.websocketSend(text: "x"), "websocket.send"),
            (.websocketClose(), "websocket.close"),
            (.websocketKeepalive(interval: .seconds(1)), "websocket.keepalive"),
            (.websocketHTTPResponseStart(ResponseStart(status: .forbidden)), "websocket.http.response.start"),
            (.websocketHTTPResponseBody(ByteBuffer()), "websocket.http.response.body"),
            (.sseStart(status: .ok), "sse.start"),
            (.sseSend(data: "x"), "sse.send"),
            (.sseComment("x"), "sse.comment"),
            (.sseKeepalive(interval: .seconds(1)), "sse.keepalive"),
            (.sseClose(), "sse.close"),
            (.sseHTTPResponseStart(ResponseStart(status: .notFound)), "sse.http.response.start"),
            (.sseHTTPResponseBody(ByteBuffer()), "sse.http.response.body"),
            (.lifespanStartupComplete, "lifespan.startup.complete"),
            (.lifespanStartupFailed(message: "x"), "lifespan.startup.failed"),
            (.lifespanShutdownComplete, "lifespan.shutdown.complete"),
            (.lifespanShutdownFailed(message: "x"), "lifespan.shutdown.failed"),
            (.custom(ExtensionEvent(type: "ext.x.pong", extensionName: "x")), "ext.x.pong"),
        ]
        for (event, type) in expected {
            #expect(event.type == type)
        }
    }

    @Test func closeCodesKnowWhetherTheyMayBeSent() {
        #expect(WebSocketCloseCode.normalClosure.isSendable)
        #expect(WebSocketCloseCode(integerLiteral: 3000).isSendable)
        #expect(WebSocketCloseCode(integerLiteral: 4999).isSendable)
        #expect(!WebSocketCloseCode.noStatusReceived.isSendable)
        #expect(!WebSocketCloseCode.abnormalClosure.isSendable)
        #expect(!WebSocketCloseCode(integerLiteral: 2999).isSendable)
    }

    @Test func customDisconnectReasonsArePrefixed() {
        #expect(DisconnectReason.custom("rate-limited").rawValue == "x-rate-limited")
        #expect(DisconnectReason.custom("x-already").rawValue == "x-already")
        #expect(DisconnectReason.clientClosed.rawValue == "client_closed")
    }
}
