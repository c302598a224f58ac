import NIOCore
import PAGI
@testable import PAGIServer
import Testing

@Suite struct HTTP1HeadParserTests {
    var parser = HTTP1HeadParser(limits: .init(maxRequestLine: 64, maxHeaderSize: 256, maxHeaderCount: 5))

    mutating func parse(_ text: String) throws(HTTP1Error) -> RequestHead? {
        var buffer = ByteBuffer(string: text)
        return try self.parser.parse(&buffer)
    }

    mutating func expectError(_ text: String, _ status: HTTPResponse.Status, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try self.parse(text)
            Issue.record("accepted: \(text.debugDescription)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.status == status, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
        }
        self.parser.reset()
    }

    @Test mutating func parsesARequest() throws {
        let head = try #require(try self.parse("GET /caf%C3%A9/a?x=1&y=2 HTTP/1.1\r\nHost: example.com\r\nX-Multi: a\r\nx-multi:  b \t\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n"))
        #expect(head.method == .get)
        #expect(head.version == .http1_1)
        #expect(String(buffer: head.rawPath) == "/caf%C3%A9/a")
        #expect(String(buffer: head.query) == "x=1&y=2")
        #expect(head.headers.map(\.name.rawValue) == ["host", "x-multi", "x-multi", "cookie"])
        #expect(head.headers.values(for: "x-multi") == ["a", "b"])
        #expect(head.headers["cookie"] == "a=1; b=2")
        #expect(head.framing == .none)
        #expect(head.keepAlive)
    }

    @Test mutating func keepsRawBytes() throws {
        var buffer = ByteBuffer(string: "GET /caf")
        buffer.writeInteger(UInt8(0xE9))
        buffer.writeString(" HTTP/1.1\r\nHost: h\r\nX-Latin: caf")
        buffer.writeInteger(UInt8(0xE9))
        buffer.writeString("\r\n\r\n")
        let head = try #require(try self.parser.parse(&buffer))
        #expect(Array(head.rawPath.readableBytesView) == Array("/caf".utf8) + [0xE9])
        #expect(head.headers.first("x-latin") == ByteString(bytes: Array("caf".utf8) + [0xE9]))
    }

    @Test mutating func waitsForTheWholeHeadAcrossReads() throws {
        var buffer = ByteBuffer(string: "\r\nPOST /upload HTTP/1.1\r\nHost: h\r\nContent-")
        #expect(try self.parser.parse(&buffer) == nil)
        buffer.writeString("Length: 5\r\n\r")
        #expect(try self.parser.parse(&buffer) == nil)
        buffer.writeString("\nhelloGET / HTTP/1.1\n")
        let head = try #require(try self.parser.parse(&buffer))
        #expect(head.method == .post)
        #expect(head.framing == .length(5))
        #expect(String(buffer: buffer) == "helloGET / HTTP/1.1\n")
    }

    @Test mutating func acceptsBareLineFeeds() throws {
        let head = try #require(try self.parse("GET / HTTP/1.0\nConnection: keep-alive\n\n"))
        #expect(head.version == .http1_0)
        #expect(head.keepAlive)
    }

    @Test mutating func decidesKeepAlive() throws {
        #expect(try self.parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")?.keepAlive == false)
        #expect(try self.parse("GET / HTTP/1.0\r\n\r\n")?.keepAlive == false)
        #expect(try self.parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n")?.isWebSocketUpgrade == true)
    }

    @Test mutating func readsFramingAndExpectations() throws {
        let chunked = try #require(try self.parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-Continue\r\n\r\n"))
        #expect(chunked.framing == .chunked)
        #expect(chunked.expectsContinue)
        #expect(try self.parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")?.framing == BodyFraming.none)
        #expect(try self.parse("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/html, Text/Event-Stream;q=0.9\r\n\r\n")?.acceptsEventStream == true)
        #expect(try self.parse("GET / HTTP/1.1\r\nHost: h\r\nAccept: text/event-streamx\r\n\r\n")?.acceptsEventStream == false)
    }

    @Test mutating func parsesOtherTargetForms() throws {
        let absolute = try #require(try self.parse("GET http://example.com:8080/a/b?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        #expect(String(buffer: absolute.rawPath) == "/a/b")
        #expect(String(buffer: absolute.query) == "q=1")
        let bare = try #require(try self.parse("GET https://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        #expect(String(buffer: bare.rawPath) == "/")
        let asterisk = try #require(try self.parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(String(buffer: asterisk.rawPath) == "*")
    }

    @Test mutating func rejectsMalformedInput() {
        self.expectError("GET /a HTTP/1.1 extra\r\nHost: h\r\n\r\n", .badRequest, "Malformed HTTP version")
        self.expectError("GET  /a HTTP/1.1\r\nHost: h\r\n\r\n", .badRequest, "Control character or space in the request target")
        self.expectError("GET\r\n\r\n", .badRequest, "Malformed request line")
        self.expectError("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", .badRequest, "Malformed request method")
        self.expectError("GET a/b HTTP/1.1\r\nHost: h\r\n\r\n", .badRequest, "Malformed request target")
        self.expectError("GET * HTTP/1.1\r\nHost: h\r\n\r\n", .badRequest, "Malformed request target")
        self.expectError("GET /a\u{1}b HTTP/1.1\r\nHost: h\r\n\r\n", .badRequest, "Control character or space in the request target")
        self.expectError("GET / HTTP/2.0\r\nHost: h\r\n\r\n", .httpVersionNotSupported, "HTTP version HTTP/2.0 is not supported")
        self.expectError("GET / HTTX/1.1\r\nHost: h\r\n\r\n", .badRequest, "Malformed HTTP version")
        self.expectError("CONNECT example.com:443 HTTP/1.1\r\nHost: h\r\n\r\n", .notImplemented, "CONNECT is not supported")
        self.expectError("GET / HTTP/1.1\r\n\r\n", .badRequest, "Missing Host header")
        self.expectError("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .badRequest, "More than one Host header")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n folded\r\n\r\n", .badRequest, "Obsolete line folding")
        self.expectError("GET / HTTP/1.1\r\nHost : h\r\n\r\n", .badRequest, "Whitespace before the colon")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\nX(A): 1\r\n\r\n", .badRequest, "Invalid character in a header name")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", .badRequest, "Header line without a colon")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\n: empty\r\n\r\n", .badRequest, "Empty header name")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{0}b\r\n\r\n", .badRequest, "Control character in a header value")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", .badRequest, "Control character in a header value")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\nExpect: something\r\n\r\n", .expectationFailed, "Unsupported expectation")
    }

    @Test mutating func rejectsAmbiguousFraming() {
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .badRequest, "Both Content-Length and Transfer-Encoding")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", .badRequest, "More than one Content-Length")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\n", .badRequest, "Malformed Content-Length")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", .badRequest, "Malformed Content-Length")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\n", .badRequest, "Malformed Content-Length")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1234567890123456789\r\n\r\n", .badRequest, "Malformed Content-Length")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", .notImplemented, "Unsupported transfer coding \"gzip\"")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .notImplemented, "Unsupported transfer coding \"gzip\"")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .badRequest, "chunked is not the last")
        self.expectError("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", .badRequest, "chunked applied twice")
        self.expectError("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .badRequest, "Transfer-Encoding in an HTTP/1.0 request")
    }

    @Test mutating func enforcesTheLimits() {
        self.expectError("GET /\(String(repeating: "a", count: 70)) HTTP/1.1\r\n", .uriTooLong, "longer than 64 bytes")
        self.expectError("GET /\(String(repeating: "a", count: 70))", .uriTooLong, "longer than 64 bytes")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(String(repeating: "b", count: 300))", .requestHeaderFieldsTooLarge, "larger than 256 bytes")
        self.expectError("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n", .requestHeaderFieldsTooLarge, "More than 5 header fields")
    }
}

@Suite struct HeaderListTests {
    @Test(arguments: [
        ("close", "close", false, true),
        ("Keep-Alive, Upgrade", "upgrade", false, true),
        (" \tkeep-alive ,close\t", "close", false, true),
        ("closed", "close", false, false),
        ("clos", "close", false, false),
        ("", "close", false, false),
        (",,", "close", false, false),
        ("text/html;q=0.9, text/event-stream ; charset=utf-8", "text/event-stream", true, true),
        ("text/event-stream;q=1", "text/event-stream", false, false),
        ("\u{212A}eep-alive", "keep-alive", false, false),  // A Kelvin sign is not a K.
    ])
    func findsAnElementIgnoringCaseAndSpaces(_ value: String, _ token: String, _ parameters: Bool, _ expected: Bool) {
        let found: Bool
        switch token {
        case "close": found = HeaderList.contains(ByteString(value), "close", ignoringParameters: parameters)
        case "upgrade": found = HeaderList.contains(ByteString(value), "upgrade", ignoringParameters: parameters)
        case "keep-alive": found = HeaderList.contains(ByteString(value), "keep-alive", ignoringParameters: parameters)
        default: found = HeaderList.contains(ByteString(value), "text/event-stream", ignoringParameters: parameters)
        }
        #expect(found == expected)
    }
}
