import HTTPTypes
import NIOCore
import PAGI
import Testing

@Suite struct EventValidatorSSETests {
    static let decline = OutboundEvent.sseHTTPResponseStart(ResponseStart(status: .noContent))

    static let rejections: [RejectionCase] = [
        RejectionCase(name: "send before start", scope: Scopes.sse, rejected: .sseSend(data: "x"), code: .eventOutOfOrder, message: "send sse.start first"),
        RejectionCase(name: "comment before start", scope: Scopes.sse, rejected: .sseComment("x"), code: .eventOutOfOrder, message: "send sse.start first"),
        RejectionCase(name: "close before start", scope: Scopes.sse, rejected: .sseClose(), code: .eventOutOfOrder, message: "to refuse the stream, send sse.http.response.start"),
        RejectionCase(name: "start twice", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseStart(), code: .eventOutOfOrder, message: "already started"),
        RejectionCase(name: "newline in event name", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseSend(data: "x", event: "a\ndata: forged"), code: .invalidEvent, message: "'event' must not contain CR or LF"),
        RejectionCase(name: "CR in event name", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseSend(data: "x", event: "a\rb"), code: .invalidEvent, message: "'event' must not contain CR or LF"),
        RejectionCase(name: "newline in id", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseSend(data: "x", id: "1\n2"), code: .invalidEvent, message: "'id' must not contain CR or LF"),
        RejectionCase(name: "NUL in id", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseSend(data: "x", id: "1\u{0}"), code: .invalidEvent, message: "'id' must not contain NUL"),
        RejectionCase(name: "negative retry", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseSend(data: "x", retry: -1), code: .invalidEvent, message: "'retry' must not be negative"),
        RejectionCase(name: "newline in comment", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseComment("a\n\ndata: forged"), code: .invalidEvent, message: "'comment' must not contain CR or LF"),
        RejectionCase(name: "newline in keepalive comment", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseKeepalive(interval: .seconds(1), comment: "a\nb"), code: .invalidEvent, message: "'comment' must not contain CR or LF"),
        RejectionCase(name: "negative keepalive interval", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseKeepalive(interval: .milliseconds(-1)), code: .invalidEvent, message: "'interval' must not be negative"),
        RejectionCase(name: "send after close", scope: Scopes.sse, accepted: [.sseStart(), .sseClose()], rejected: .sseSend(data: "late"), code: .eventOutOfOrder, message: "the stream is closed"),
        RejectionCase(name: "comment after close", scope: Scopes.sse, accepted: [.sseStart(), .sseClose()], rejected: .sseComment("late"), code: .eventOutOfOrder, message: "the stream is closed"),
        RejectionCase(name: "keepalive after close", scope: Scopes.sse, accepted: [.sseStart(), .sseClose()], rejected: .sseKeepalive(interval: .seconds(1)), code: .eventOutOfOrder, message: "the stream is closed"),
        RejectionCase(name: "decline after start", scope: Scopes.sse, accepted: [.sseStart()], rejected: decline, code: .eventOutOfOrder, message: "already started"),
        RejectionCase(name: "decline body after start", scope: Scopes.sse, accepted: [.sseStart()], rejected: .sseHTTPResponseBody(ByteBuffer()), code: .eventOutOfOrder, message: "can no longer be declined"),
        RejectionCase(name: "start after decline", scope: Scopes.sse, accepted: [decline], rejected: .sseStart(), code: .eventOutOfOrder, message: "declined"),
        RejectionCase(name: "send after decline", scope: Scopes.sse, accepted: [decline], rejected: .sseSend(data: "x"), code: .eventOutOfOrder, message: "declined"),
        RejectionCase(name: "keepalive after decline", scope: Scopes.sse, accepted: [decline], rejected: .sseKeepalive(interval: .seconds(1)), code: .eventOutOfOrder, message: "declined"),
        RejectionCase(name: "fullflush after close", scope: Scopes.sseWithFlush, accepted: [.sseStart(), .sseClose()], rejected: .httpFullFlush, code: .eventOutOfOrder, message: "finished"),
        RejectionCase(name: "close after decline", scope: Scopes.sse, accepted: [decline], rejected: .sseClose(), code: .eventOutOfOrder, message: "declined"),
        RejectionCase(name: "decline body before decline start", scope: Scopes.sse, rejected: .sseHTTPResponseBody(ByteBuffer()), code: .eventOutOfOrder, message: "send sse.http.response.start first"),
        RejectionCase(name: "decline body after it completed", scope: Scopes.sse, accepted: [decline, .sseHTTPResponseBody(ByteBuffer())], rejected: .sseHTTPResponseBody(ByteBuffer()), code: .eventOutOfOrder, message: "the decline response is complete"),
        RejectionCase(name: "start with bad header", scope: Scopes.sse, rejected: .sseStart(status: .ok, headers: ["x": "\n"]), code: .invalidEvent, message: "control character"),
        RejectionCase(name: "start with trailers", scope: Scopes.sse, rejected: .sseStart(ResponseStart(trailers: true)), code: .invalidEvent, message: "trailers are only available"),
        RejectionCase(name: "fullflush without extension", scope: Scopes.sse, accepted: [.sseStart()], rejected: .httpFullFlush, code: .extensionNotEnabled, message: "'fullflush'"),
        RejectionCase(name: "fullflush before start", scope: Scopes.sseWithFlush, rejected: .httpFullFlush, code: .eventOutOfOrder, message: "not started"),
        RejectionCase(name: "http start in sse", scope: Scopes.sse, rejected: .start, code: .eventNotValidForScope, message: "not valid in a 'sse' scope"),
        RejectionCase(name: "websocket accept in sse", scope: Scopes.sse, rejected: .websocketAccept(), code: .eventNotValidForScope, message: "not valid in a 'sse' scope"),
    ]

    @Test(arguments: rejections)
    func rejects(_ rejection: RejectionCase) throws {
        try rejection.check()
    }

    @Test func acceptsAStreamAndAnIdempotentClose() throws {
        var validator = EventValidator(scope: Scopes.sseWithFlush)
        try validator.validate(.sseKeepalive(interval: .seconds(15), comment: "ping"))
        try validator.validate(.sseStart(status: .ok, headers: ["x-stream": "1"]))
        try validator.validate(.sseSend(data: "line 1\nline 2", event: "tick", id: "7", retry: 0))
        try validator.validate(.sseComment(":hello"))
        try validator.validate(.httpFullFlush)
        try validator.validate(.sseClose(reason: "job_complete"))
        #expect(validator.isComplete)
        try validator.validate(.sseClose())
    }

    @Test func acceptsADecline() throws {
        var validator = EventValidator(scope: Scopes.sse)
        try validator.validate(.sseHTTPResponseStart(ResponseStart(status: .unauthorized, headers: ["content-type": "text/plain"])))
        try validator.validate(.sseHTTPResponseBody(ByteBuffer(string: "Unauth"), more: true))
        try validator.validate(.sseHTTPResponseBody(ByteBuffer(string: "orized")))
        #expect(validator.isComplete)
    }
}
