import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import Testing

@Suite struct LimitTests {
    /// Sends `request` and returns the status the server answered before closing.
    func status(
        of request: String,
        app: @escaping Application = ExampleApps.echo,
        configure: @escaping (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> Int {
        try await LiveServer.run(app, configure: configure) { server in
            let client = try await server.connect()
            try await client.send(request)
            let response = try await client.readResponse()
            #expect(try await client.isClosedByServer())
            return response.status
        }
    }

    @Test func refusesMalformedRequests() async throws {
        let cases: [(String, Int)] = [
            ("GET / HTTP/1.1\r\n\r\n", 400),  // no Host
            ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  folded\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            ("GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505),
            ("BAD\r\n\r\n", 400),
        ]
        for (request, expected) in cases {
            #expect(try await self.status(of: request) == expected, "\(request.debugDescription)")
        }
    }

    @Test func enforcesSizeLimits() async throws {
        let small: (inout ServerConfiguration) -> Void = {
            $0.maxRequestLine = 100
            $0.maxHeaderSize = 200
            $0.maxHeaderCount = 3
            $0.maxBodySize = 10
        }
        #expect(try await self.status(of: "GET /\(String(repeating: "a", count: 200)) HTTP/1.1\r\nHost: h\r\n\r\n", configure: small) == 414)
        #expect(try await self.status(of: "GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(String(repeating: "b", count: 300))\r\n\r\n", configure: small) == 431)
        #expect(try await self.status(of: "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", configure: small) == 431)
        #expect(try await self.status(of: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", configure: small) == 413)
        // A chunked body over the limit: 413 when the application read before answering.
        #expect(try await self.status(of: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n", app: Self.reader, configure: small) == 413)
    }

    /// Reads the whole body, then answers.
    static let reader: Application = { _, receive, send in
        _ = try await readBody(from: receive)
        try await send(.httpResponseStart(status: .ok))
        try await send(.httpResponseBody("read"))
    }

    @Test func malformedChunksAre400WhenNothingWasSent() async throws {
        try await LiveServer.run(Self.reader) { server in
            let client = try await server.connect()
            try await client.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
            #expect(try await client.readResponse().status == 400)
        }
    }
}

@Suite struct ConcurrencyLimitTests {
    @Test func connectionsOverTheLimitGet503() async throws {
        try await LiveServer.run(ExampleApps.hello, configure: { $0.limitConcurrency = 1 }) { server in
            let first = try await server.connect()
            try await first.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await first.readResponse().status == 200)
            let second = try await server.connect()
            try await second.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            let refused = try await second.readResponse()
            #expect(refused.status == 503)
            #expect(refused.header("retry-after") == "5")
            #expect(try await second.isClosedByServer())
            // The first connection is still served.
            try await first.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await first.readResponse().status == 200)
        }
    }
}
