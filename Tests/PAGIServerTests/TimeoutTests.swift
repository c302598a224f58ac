import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import Testing

@Suite struct TimeoutTests {
    static let short: @Sendable (inout ServerConfiguration) -> Void = {
        $0.timeoutKeepAlive = .milliseconds(200)
        $0.timeoutHeader = .milliseconds(200)
        $0.timeoutBody = .milliseconds(200)
        $0.timeoutWrite = .milliseconds(200)
    }

    @Test func anIdleConnectionIsClosed() async throws {
        try await LiveServer.run(ExampleApps.hello, configure: Self.short) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
            let start = ContinuousClock.now
            #expect(try await client.isClosedByServer(timeout: .seconds(3)))
            #expect(start.duration(to: .now) < .seconds(2))
        }
    }

    @Test func aSlowHeadGets408() async throws {
        try await LiveServer.run(ExampleApps.hello, configure: Self.short) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n")  // never finished
            let response = try await client.readResponse(timeout: .seconds(3))
            #expect(response.status == 408)
            #expect(try await client.isClosedByServer())
        }
    }

    @Test func aSlowBodyGets408AndClientTimeout() async throws {
        let reason = Box<DisconnectReason?>(nil)
        let app: Application = { scope, receive, send in
            guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
            while true {
                if case .httpDisconnect(let why) = try await receive() {
                    reason.withLock { $0 = why }
                    return
                }
            }
        }
        try await LiveServer.run(app, configure: Self.short) { server in
            let client = try await server.connect()
            try await client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
            let response = try await client.readResponse(timeout: .seconds(3))
            #expect(response.status == 408)
            for _ in 0..<100 where reason.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
            #expect(reason.withLock { $0 } == .clientTimeout)
        }
    }

    @Test func aClientThatDoesNotReadIsCutOff() async throws {
        let reason = Box<DisconnectReason?>(nil)
        let app: Application = { scope, _, send in
            guard case .http(let request) = scope, let connection = request.connection else { throw PAGIError.unsupportedScope(scope.type) }
            connection.onDisconnect { why in reason.withLock { $0 = why } }
            try await send(.httpResponseStart(status: .ok))
            let block = ByteBuffer(repeating: UInt8(ascii: "x"), count: 1 << 20)
            while connection.isConnected {
                try await send(.httpResponseBody(block, more: true))
            }
        }
        try await LiveServer.run(app, configure: Self.short) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            // The client never reads: the socket fills, the write waits, the timeout ends it.
            for _ in 0..<300 where reason.withLock({ $0 }) == nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(reason.withLock { $0 } == .writeTimeout)
            await client.close()
        }
    }
}
