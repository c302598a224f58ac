import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import Testing

@Suite struct HTTPServingTests {
    @Test func servesHelloWithKeepAlive() async throws {
        try await LiveServer.run(ExampleApps.hello) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let first = try await client.readResponse()
            #expect(first.version == "HTTP/1.1")
            #expect(first.status == 200)
            #expect(first.body == "Hello, World!")
            #expect(first.header("content-length") == "13")
            #expect(first.header("date")?.hasSuffix(" GMT") == true)
            #expect(first.header("server") == "pagi")
            #expect(first.header("connection") == nil)
            try await client.send("GET /json HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let second = try await client.readResponse()
            #expect(second.body == "{\"message\":\"Hello, World!\"}")
            await client.close()
        }
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        try await LiveServer.run(ExampleApps.echo) { server in
            let client = try await server.connect()
            try await client.send(
                "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\none"
                    + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
                    + "POST /c HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: close\r\n\r\nthree"
            )
            #expect(try await client.readResponse().body == "one")
            #expect(try await client.readResponse().body == "two")
            let last = try await client.readResponse()
            #expect(last.body == "three")
            #expect(last.header("connection") == "close")
            #expect(try await client.isClosedByServer())
        }
    }

    @Test func choosesTheFraming() async throws {
        let app: Application = { scope, _, send in
            switch scope.request?.path {
            case "/stream":
                try await send(.httpResponseStart(status: .ok))
                try await send(.httpResponseBody("a", more: true))
                try await send(.httpResponseBody("b"))
            case "/declared":
                try await send(.httpResponseStart(status: .ok, headers: ["content-length": "2", "transfer-encoding": "gzip"]))
                try await send(.httpResponseBody("x", more: true))
                try await send(.httpResponseBody("y"))
            case "/empty":
                try await send(.httpResponseStart(status: .noContent, headers: ["content-length": "0"]))
                try await send(.httpResponseBody(ByteBuffer()))
            default:
                try await send(.httpResponseStart(status: .ok, trailers: true))
                try await send(.httpResponseBody("body"))
                try await send(.httpResponseTrailers(["x-checksum": "42"]))
            }
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET /stream HTTP/1.1\r\nHost: h\r\n\r\n")
            let streamed = try await client.readResponse()
            #expect(streamed.header("transfer-encoding") == "chunked")
            #expect(streamed.chunks == ["a", "b"])

            try await client.send("GET /declared HTTP/1.1\r\nHost: h\r\n\r\n")
            let declared = try await client.readResponse()
            #expect(declared.header("content-length") == "2")
            #expect(declared.header("transfer-encoding") == nil)
            #expect(declared.body == "xy")

            try await client.send("GET /empty HTTP/1.1\r\nHost: h\r\n\r\n")
            let empty = try await client.readResponse()
            #expect(empty.status == 204)
            #expect(empty.header("content-length") == nil)

            try await client.send("GET /trailers HTTP/1.1\r\nHost: h\r\n\r\n")
            let trailers = try await client.readResponse()
            #expect(trailers.body == "body")
            #expect(trailers.trailers.first?.value == "42")
            await client.close()
        }
    }

    @Test func http10GetsLengthOrClose() async throws {
        let app: Application = { scope, _, send in
            try await send(.httpResponseStart(status: .ok))
            if scope.request?.path == "/stream" {
                try await send(.httpResponseBody("a", more: true))
            }
            try await send(.httpResponseBody("b"))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let kept = try await client.readResponse()
            #expect(kept.version == "HTTP/1.0")
            #expect(kept.header("connection") == "keep-alive")
            #expect(kept.header("content-length") == "1")
            try await client.send("GET /stream HTTP/1.0\r\n\r\n")
            let streamed = try await client.readResponse()
            #expect(streamed.header("transfer-encoding") == nil)
            #expect(streamed.body == "ab")
        }
    }

    @Test func headHasNoBody() async throws {
        try await LiveServer.run(ExampleApps.hello) { server in
            let client = try await server.connect()
            try await client.send("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n")
            let head = try await client.readResponse(head: true)
            #expect(head.status == 200)
            #expect(head.header("content-length") == "13")
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().body == "Hello, World!")
        }
    }

    @Test func answersExpectContinueOnFirstReceive() async throws {
        try await LiveServer.run(ExampleApps.echo) { server in
            let client = try await server.connect()
            try await client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.status == 100)
            try await client.send("data")
            #expect(try await client.readResponse().body == "data")
        }
    }

    @Test func buildsTheScopeFromTheWire() async throws {
        try await LiveServer.run(ExampleApps.scope, configure: { $0.rootPath = "/mount" }) { server in
            let client = try await server.connect()
            try await client.send("GET /caf%C3%A9/x%2Fy?q=%20a HTTP/1.1\r\nHost: example.com\r\nX-Dup: 1\r\nCookie: a=1\r\nx-dup: 2\r\nCookie: b=2\r\n\r\n")
            let body = try await client.readResponse().body
            #expect(body.contains("\"path\":\"/café/x/y\""))
            #expect(body.contains("\"raw_path\":\"/caf%C3%A9/x%2Fy\""))
            #expect(body.contains("\"query_string\":\"q=%20a\""))
            #expect(body.contains("\"root_path\":\"/mount\""))
            #expect(body.contains("[\"host\",\"example.com\"],[\"x-dup\",\"1\"],[\"cookie\",\"a=1; b=2\"],[\"x-dup\",\"2\"]"))
            #expect(body.contains("\"client\":[\"127.0.0.1\","))
            #expect(body.contains("\"server\":[\"127.0.0.1\",\(server.port)]"))
            #expect(body.contains("\"type\":\"http\""))
            #expect(body.contains("\"fullflush\":{}"))
        }
    }

    @Test(arguments: ["close", "Keep-Alive, Close", " CLOSE "])
    func anApplicationsConnectionCloseEndsTheConnection(_ value: String) async throws {
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["connection": ByteString(value), "content-length": "2"]))
            try await send(.httpResponseBody("ok"))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.body == "ok")
            #expect(response.header("connection") == "close")
            #expect(try await client.isClosedByServer())
        }
    }

    @Test func aConnectionHeaderThatOnlyLooksLikeCloseKeepsItOpen() async throws {
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["connection": "closed-loop", "content-length": "2"]))
            try await send(.httpResponseBody("ok"))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().header("connection") == nil)
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().body == "ok")
        }
    }
}
