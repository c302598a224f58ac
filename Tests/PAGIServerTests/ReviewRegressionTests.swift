import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import Testing

/// Regressions found in review: desyncs, look-alike codings, stray receives, hangs.
@Suite struct ReviewRegressionTests {
    @Test func anUnansweredExpectContinueClosesTheConnection() async throws {
        try await LiveServer.run(ExampleApps.hello) { server in
            let client = try await server.connect()
            try await client.send("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 40\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("connection") == "close")
            #expect(try await client.isClosedByServer())
        }
    }

    @Test func aLookAlikeChunkedIsAnUnknownCoding() async throws {
        try await LiveServer.run(ExampleApps.echo) { server in
            let client = try await server.connect()
            try await client.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chun\u{212A}ed\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
            #expect(try await client.readResponse().status == 501)
            let empty = try await server.connect()
            try await empty.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\nTransfer-Encoding: chunked\r\n\r\n")
            #expect(try await empty.readResponse().status == 400)
        }
    }

    @Test func headOnAnEventStreamHasNoBody() async throws {
        try await LiveServer.run(ExampleApps.sse()) { server in
            let client = try await server.connect()
            try await client.send("HEAD / HTTP/1.1\r\nHost: h\r\nAccept: text/event-stream\r\n\r\nGET /nothing HTTP/1.1\r\nHost: h\r\n\r\n")
            let head = try await client.readResponse(head: true)
            #expect(head.status == 200)
            // The next response follows directly: no stream bytes in between.
            #expect(try await client.readResponse().status == 200)
        }
    }

    @Test func aLeftoverReceiveDoesNotStealTheNextBody() async throws {
        let stolen = Box<String?>(nil)
        let seen = Box<[String]>([])
        let app: Application = { scope, receive, send in
            guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
            if request.path == "/first" {
                _ = try await receive()
                Task {
                    try await Task.sleep(for: .milliseconds(100))
                    if case .httpRequest(let body, _) = try await receive() { stolen.withLock { $0 = String(buffer: body) } }
                }
            } else {
                let body = try await readBody(from: receive)
                seen.withLock { $0.append(String(buffer: body)) }
            }
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("ok"))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET /first HTTP/1.1\r\nHost: h\r\n\r\n")
            _ = try await client.readResponse()
            try await Task.sleep(for: .milliseconds(50))
            try await client.send("POST /second HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n")
            try await Task.sleep(for: .milliseconds(150))
            try await client.send("SECRETBODY")
            _ = try await client.readResponse()
            #expect(stolen.withLock { $0 } == nil)
            #expect(seen.withLock { $0 } == ["SECRETBODY"])
        }
    }

    @Test func aCRLFSplitAcrossReadsBeforeARequestIsSkipped() async throws {
        try await LiveServer.run(ExampleApps.hello) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n\r")
            _ = try await client.readResponse()
            try await Task.sleep(for: .milliseconds(30))
            try await client.send("\nGET /json HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
        }
    }

    @Test func aFailedContentLengthIsRefused() async throws {
        let app: Application = { scope, _, send in
            guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.httpResponseStart(status: .ok, headers: ["content-length": "abc"]))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().status == 500)
        }
    }

    @Test func theGracefulShutdownEndsAppsThatIgnoreIt() async throws {
        let app: Application = { scope, _, _ in
            guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await Task.sleep(for: .seconds(3600))
        }
        let start = ContinuousClock.now
        try await LiveServer.run(app, configure: { $0.timeoutGracefulShutdown = .milliseconds(200) }) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))
        }
        // The application would sleep an hour; the bound is loose because the whole suite
        // runs at once on two cores, where this test alone has waited 7 s to be scheduled.
        #expect(start.duration(to: .now) < .seconds(30))
    }
}
