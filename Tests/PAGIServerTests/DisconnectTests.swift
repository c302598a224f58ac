import NIOCore
import PAGI
import PAGIExamples
import PAGIServer
import Synchronization
import Testing

@Suite struct DisconnectTests {
    @Test func aStreamingResponseStopsWhenTheClientLeaves() async throws {
        let state = Box<(ConnectionState?, Int)>((nil, 0))
        let app: Application = { scope, _, send in
            guard case .http(let request) = scope, let connection = request.connection else { throw PAGIError.unsupportedScope(scope.type) }
            state.withLock { $0.0 = connection }
            try await send(.httpResponseStart(status: .ok))
            while await connection.sleep(for: .milliseconds(5)) {
                try await send(.httpResponseBody("tick\n", more: true))
                state.withLock { $0.1 += 1 }
            }
            // After the disconnect, send is a no-op.
            try await send(.httpResponseBody("after", more: true))
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            for _ in 0..<200 where state.withLock({ $0.1 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
            await client.close()
            for _ in 0..<100 where state.withLock({ $0.0?.isConnected ?? true }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            let (connection, ticks) = state.withLock { $0 }
            #expect(connection?.isConnected == false)
            #expect(connection?.disconnectReason == .clientClosed)
            #expect(ticks > 0)
        }
    }

    @Test func receiveReportsTheDisconnectAfterTheBody() async throws {
        let seen = Box<[String]>([])
        let app: Application = { scope, receive, send in
            guard case .http = scope else { throw PAGIError.unsupportedScope(scope.type) }
            while true {
                let event = try await receive()
                seen.withLock { $0.append(event.type) }
                if event.isDisconnect { return }
            }
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi")
            try await Task.sleep(for: .milliseconds(50))
            await client.close()
            for _ in 0..<100 where seen.withLock({ $0.count < 2 }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(seen.withLock { $0 } == ["http.request", "http.disconnect"])
        }
    }

    @Test func aBodySentBeforeTheClientLeftIsDeliveredBeforeTheDisconnect() async throws {
        let seen = Box<[String]>([])
        let app: Application = { scope, receive, _ in
            guard case .http(let request) = scope, let connection = request.connection else { throw PAGIError.unsupportedScope(scope.type) }
            // The application asks for the body only once the client is gone.
            for _ in 0..<500 where connection.isConnected { try await Task.sleep(for: .milliseconds(10)) }
            while true {
                let event = try await receive()
                switch event {
                case .httpRequest(let body, more: let more):
                    seen.withLock { $0.append("\(String(buffer: body)) more: \(more)") }
                case .httpDisconnect(reason: let reason):
                    seen.withLock { $0.append("disconnect \(reason.map { "\($0)" } ?? "nil")") }
                    return
                default:
                    return
                }
            }
        }
        try await LiveServer.run(app) { server in
            let client = try await server.connect()
            try await client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello")
            await client.close()
            for _ in 0..<500 where seen.withLock({ $0.count < 2 }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(seen.withLock { $0 } == ["hello more: false", "disconnect client_closed"])
        }
    }
}
