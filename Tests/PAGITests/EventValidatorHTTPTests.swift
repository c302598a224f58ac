import HTTPTypes
import NIOCore
import PAGI
import Testing

@Suite struct EventValidatorHTTPTests {
    static let rejections: [RejectionCase] = [
        RejectionCase(name: "body before start", scope: Scopes.http, rejected: .finalBody, code: .eventOutOfOrder, message: "send http.response.start first"),
        RejectionCase(name: "file before start", scope: Scopes.http, rejected: .httpResponseFile(.path("/etc/hosts")), code: .eventOutOfOrder, message: "send http.response.start first"),
        RejectionCase(name: "start twice", scope: Scopes.http, accepted: [.start], rejected: .start, code: .eventOutOfOrder, message: "already started"),
        RejectionCase(name: "start after complete", scope: Scopes.http, accepted: [.start, .finalBody], rejected: .start, code: .eventOutOfOrder, message: "already complete"),
        RejectionCase(name: "body after final body", scope: Scopes.http, accepted: [.start, .finalBody], rejected: .moreBody, code: .eventOutOfOrder, message: "was already sent"),
        RejectionCase(name: "file after final body", scope: Scopes.http, accepted: [.start, .finalBody], rejected: .httpResponseFile(.path("/etc/hosts")), code: .eventOutOfOrder, message: "was already sent"),
        RejectionCase(name: "body after file", scope: Scopes.http, accepted: [.start, .httpResponseFile(.path("/etc/hosts"))], rejected: .moreBody, code: .eventOutOfOrder, message: "was already sent"),
        RejectionCase(name: "trailers not promised", scope: Scopes.http, accepted: [.start, .finalBody], rejected: .httpResponseTrailers(["x-check": "1"]), code: .eventOutOfOrder, message: "did not set trailers: true"),
        RejectionCase(name: "trailers not promised mid-body", scope: Scopes.http, accepted: [.start, .moreBody], rejected: .httpResponseTrailers([:]), code: .eventOutOfOrder, message: "did not set trailers: true"),
        RejectionCase(name: "trailers before start", scope: Scopes.http, rejected: .httpResponseTrailers([:]), code: .eventOutOfOrder, message: "send http.response.start first"),
        RejectionCase(name: "trailers before final body", scope: Scopes.http, accepted: [.startWithTrailers, .moreBody], rejected: .httpResponseTrailers([:]), code: .eventOutOfOrder, message: "before the trailers"),
        RejectionCase(name: "trailers twice", scope: Scopes.http, accepted: [.startWithTrailers, .finalBody, .httpResponseTrailers([:])], rejected: .httpResponseTrailers([:]), code: .eventOutOfOrder, message: "already complete"),
        RejectionCase(name: "framing header as trailer", scope: Scopes.http, accepted: [.startWithTrailers, .finalBody], rejected: .httpResponseTrailers(["content-length": "3"]), code: .invalidEvent, message: "'content-length' may not be sent as a trailer"),
        RejectionCase(name: "CR LF in trailer value", scope: Scopes.http, accepted: [.startWithTrailers, .finalBody], rejected: .httpResponseTrailers(["x-sum": "1\r\nx-evil: 1"]), code: .invalidEvent, message: "control character"),
        RejectionCase(name: "body after trailers", scope: Scopes.http, accepted: [.startWithTrailers, .finalBody, .httpResponseTrailers([:])], rejected: .finalBody, code: .eventOutOfOrder, message: "was already sent"),
        RejectionCase(name: "status 101", scope: Scopes.http, rejected: .httpResponseStart(status: .switchingProtocols), code: .invalidEvent, message: "status 101 is not a final status"),
        RejectionCase(name: "status 99", scope: Scopes.http, rejected: .httpResponseStart(status: 99), code: .invalidEvent, message: "status 99"),
        RejectionCase(name: "status 600", scope: Scopes.http, rejected: .httpResponseStart(status: 600), code: .invalidEvent, message: "status 600"),
        RejectionCase(name: "CR LF in header value", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["location": "/a\r\nset-cookie: x=1"]), code: .invalidEvent, message: "header 'location' has a control character"),
        RejectionCase(name: "LF alone in header value", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["x-a": "1\n2"]), code: .invalidEvent, message: "control character"),
        RejectionCase(name: "NUL in header value", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["x-a": "1\u{0}2"]), code: .invalidEvent, message: "control character"),
        RejectionCase(name: "DEL in header value", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["x-a": "1\u{7F}"]), code: .invalidEvent, message: "control character"),
        RejectionCase(name: "CR LF in header name", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["x-a\r\nx-b": "1"]), code: .invalidEvent, message: "is not a valid token"),
        RejectionCase(name: "space in header name", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["x a": "1"]), code: .invalidEvent, message: "is not a valid token"),
        RejectionCase(name: "colon in header name", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["x:a": "1"]), code: .invalidEvent, message: "is not a valid token"),
        RejectionCase(name: "empty header name", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["": "1"]), code: .invalidEvent, message: "is not a valid token"),
        RejectionCase(name: "two content-lengths", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["content-length": "5", "content-length": "9"]), code: .invalidEvent, message: "more than one content-length"),
        RejectionCase(name: "signed content-length", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["content-length": "+5"]), code: .invalidEvent, message: "is not a number of bytes"),
        RejectionCase(name: "list content-length", scope: Scopes.http, rejected: .httpResponseStart(status: .ok, headers: ["content-length": "5, 5"]), code: .invalidEvent, message: "is not a number of bytes"),
        RejectionCase(name: "relative file path", scope: Scopes.http, accepted: [.start], rejected: .httpResponseFile(.path("etc/hosts")), code: .invalidEvent, message: "absolute path"),
        RejectionCase(name: "negative file offset", scope: Scopes.http, accepted: [.start], rejected: .httpResponseFile(.path("/etc/hosts", offset: -1)), code: .invalidEvent, message: "'offset' must not be negative"),
        RejectionCase(name: "negative file length", scope: Scopes.http, accepted: [.start], rejected: .httpResponseFile(.path("/etc/hosts", length: -5)), code: .invalidEvent, message: "'length' must not be negative"),
        RejectionCase(name: "negative descriptor", scope: Scopes.http, accepted: [.start], rejected: .httpResponseFile(FileBody(.descriptor(-1))), code: .invalidEvent, message: "not an open file descriptor"),
        RejectionCase(name: "fullflush without extension", scope: Scopes.http, accepted: [.start], rejected: .httpFullFlush, code: .extensionNotEnabled, message: "needs the 'fullflush' extension"),
        RejectionCase(name: "fullflush before start", scope: Scopes.httpWithFlush, rejected: .httpFullFlush, code: .eventOutOfOrder, message: "send http.response.start first"),
        RejectionCase(name: "fullflush after complete", scope: Scopes.httpWithFlush, accepted: [.start, .finalBody], rejected: .httpFullFlush, code: .eventOutOfOrder, message: "already complete"),
        RejectionCase(name: "websocket.send in http", scope: Scopes.http, rejected: .websocketSend(text: "hi"), code: .eventNotValidForScope, message: "'websocket.send' is not valid in a 'http' scope"),
        RejectionCase(name: "sse.start in http", scope: Scopes.http, rejected: .sseStart(), code: .eventNotValidForScope, message: "not valid in a 'http' scope"),
        RejectionCase(name: "lifespan answer in http", scope: Scopes.http, rejected: .lifespanStartupComplete, code: .eventNotValidForScope, message: "not valid in a 'http' scope"),
        RejectionCase(name: "denial in http", scope: Scopes.http, rejected: .websocketHTTPResponseStart(ResponseStart(status: .forbidden)), code: .eventNotValidForScope, message: "not valid in a 'http' scope"),
        RejectionCase(name: "custom event without its extension", scope: Scopes.http, rejected: .custom(ExtensionEvent(type: "ext.trace.span", extensionName: "trace")), code: .extensionNotEnabled, message: "needs the 'trace' extension"),
    ]

    @Test(arguments: rejections)
    func rejects(_ rejection: RejectionCase) throws {
        try rejection.check()
    }

    @Test func acceptsAStreamedResponseWithTrailers() throws {
        var validator = EventValidator(scope: Scopes.httpWithFlush)
        #expect(!validator.hasStarted)
        try validator.validate(.httpResponseStart(status: .ok, headers: ["x-tab": "a\tb", "x-latin": ByteString(bytes: [0xE9])], trailers: true))
        #expect(validator.hasStarted)
        try validator.validate(.moreBody)
        try validator.validate(.httpFullFlush)
        try validator.validate(.finalBody)
        #expect(!validator.isComplete)
        try validator.validate(.httpResponseTrailers(["x-checksum": "abc"]))
        #expect(validator.isComplete)
    }

    @Test func aFileBodyCompletesTheResponse() throws {
        var validator = EventValidator(scope: Scopes.http)
        try validator.validate(.start)
        try validator.validate(.httpResponseFile(FileBody(.descriptor(3), offset: 10, length: 0)))
        #expect(validator.isComplete)
    }

    @Test func aCustomEventPassesWhenItsExtensionIsOffered() throws {
        let scope = Scope.http(RequestScope(extensions: Extensions(custom: ["trace": [:]])))
        var validator = EventValidator(scope: scope)
        try validator.validate(.custom(ExtensionEvent(type: "ext.trace.span", extensionName: "trace", fields: ["id": 1])))
        #expect(!validator.hasStarted)
    }

    @Test func aRejectedStartCanBeFollowedByAValidOne() throws {
        var validator = EventValidator(scope: Scopes.http)
        #expect(throws: PAGIError.self) { try validator.validate(.httpResponseStart(status: .ok, headers: ["a": "\r\n"])) }
        try validator.validate(.start)
        try validator.validate(.finalBody)
        #expect(validator.isComplete)
    }
}
