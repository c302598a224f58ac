import Benchmark
import NIOCore
import PAGI
@_spi(Benchmarks) import PAGIServer

/// The server's and the contract's hot paths, one request's worth of work per iteration, with
/// allocation counts so that a regression shows even where time is noisy.
/// Run with `swift package --package-path Benchmarks benchmark` (see docs/performance.md).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        warmupIterations: 1000,
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )

    // A browser-like GET: eight header fields, a query string.
    let head = ByteBuffer(string: """
        GET /api/items/42?expand=owner&page=2 HTTP/1.1\r
        Host: example.com\r
        User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r
        Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r
        Accept-Language: en-GB,en;q=0.5\r
        Accept-Encoding: gzip, deflate, br\r
        Connection: keep-alive\r
        Cookie: session=8f14e45fceea167a5a36dedd4bea2543; theme=dark\r
        Upgrade-Insecure-Requests: 1\r
        \r

        """)

    Benchmark("Request head to scope") { benchmark in
        for _ in benchmark.scaledIterations {
            var bytes = head
            blackHole(try ServerHotPaths.scope(fromHead: &bytes))
        }
    }

    Benchmark("Response head serialisation") { benchmark in
        let headers: Headers = ["content-type": "text/plain; charset=utf-8", "cache-control": "no-store"]
        for _ in benchmark.scaledIterations {
            blackHole(ServerHotPaths.head(status: .ok, headers: headers, bodyLength: 13))
        }
    }

    Benchmark("Event dispatch through three middleware") { benchmark in
        let passThrough = MiddlewareFunction { app in { scope, receive, send in try await app(scope, receive, send) } }
        let app = compose(passThrough, passThrough, passThrough) { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain", "content-length": "13"]))
            try await send(.httpResponseBody("Hello, World!"))
        }
        let scope = Scope.http(RequestScope(path: "/"))
        let receive: Receive = { .httpRequest(ByteBuffer(), more: false) }
        let send: Send = { blackHole($0) }
        for _ in benchmark.scaledIterations {
            try await app(scope, receive, send)
        }
    }

    Benchmark("SSE event encoding") { benchmark in
        let event = SSEEvent(data: "{\"price\": 101.25,\n\"symbol\": \"PAGI\"}", event: "tick", id: "4711")
        for _ in benchmark.scaledIterations {
            var buffer = ByteBuffer()
            SSEEncoding.write(event, into: &buffer)
            blackHole(buffer)
        }
    }

    // A client's masked frame, as a browser sends it: 32 bytes of text, and 64 KiB of binary.
    func clientFrame(opcode: UInt8, payload: [UInt8]) -> ByteBuffer {
        let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        var frame = ByteBuffer(bytes: [0x80 | opcode])
        if payload.count < 126 {
            frame.writeInteger(UInt8(0x80 | payload.count))
        } else {
            frame.writeInteger(UInt8(0x80 | 127))
            frame.writeInteger(UInt64(payload.count))
        }
        frame.writeBytes(key)
        frame.writeBytes(payload.enumerated().map { $0.element ^ key[$0.offset % 4] })
        return frame
    }
    let textFrame = clientFrame(opcode: 0x1, payload: Array("{\"op\":\"ping\",\"seq\":42,\"ok\":true}".utf8))
    let binaryFrame = clientFrame(opcode: 0x2, payload: (0..<65_536).map { UInt8(truncatingIfNeeded: $0) })

    Benchmark("WebSocket frame round trip, 32 B text") { benchmark in
        for _ in benchmark.scaledIterations {
            var bytes = textFrame
            blackHole(try ServerHotPaths.webSocketEcho(&bytes))
        }
    }

    Benchmark("WebSocket frame round trip, 64 KiB binary") { benchmark in
        for _ in benchmark.scaledIterations {
            var bytes = binaryFrame
            blackHole(try ServerHotPaths.webSocketEcho(&bytes))
        }
    }
}
