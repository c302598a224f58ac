import HTTPTypes
import NIOCore
import PAGI
import PAGITesting
import Synchronization
import Testing

@Suite struct StreamingTests {
    @Test func piecesArriveOneByOne() async throws {
        let progress = Recorder(0)
        let stream = try await TestClient(app: Apps.counter(3, progress: progress)).stream("/")
        #expect(stream.status == .ok)
        #expect(try await stream.nextChunk().map { String(buffer: $0) } == "1;")
        #expect(try await stream.nextChunk().map { String(buffer: $0) } == "2;")
        #expect(try await stream.nextChunk().map { String(buffer: $0) } == "3;")
        #expect(try await stream.nextChunk() == nil)
        let response = try await stream.finish()
        #expect(response.text == "1;2;3;")
    }

    @Test func sendWaitsForTheReader() async throws {
        let progress = Recorder(0)
        let stream = try await TestClient(app: Apps.counter(10, progress: progress)).stream("/")
        try await Task.sleep(for: .milliseconds(50))
        // The start and at most one unread piece have been taken; the rest wait for the reader.
        #expect(progress.value <= 2)
        _ = try await stream.nextChunk()
        _ = try await stream.finish()
        #expect(progress.value == 11)
    }

    @Test func aDisconnectReachesTheApplication() async throws {
        let seen = Recorder<(InboundEvent?, DisconnectReason?, Bool)>((nil, nil, false))
        let app: Application = { scope, receive, send in
            _ = try await receive()  // the (empty) body
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("first", more: true))
            let event = try await receive()
            let connection = scope.request!.connection!
            // After the disconnect, sends are no-ops.
            try await send(.httpResponseBody("ignored", more: true))
            seen.update { $0 = (event, connection.disconnectReason, connection.isConnected) }
        }
        let stream = try await TestClient(app: app).stream("/")
        #expect(try await stream.nextChunk().map { String(buffer: $0) } == "first")
        let response = try await stream.disconnect()
        #expect(response.text == "first")
        #expect(!response.isComplete)
        #expect(response.error == nil)
        guard case .httpDisconnect(let reason)? = seen.value.0 else {
            Issue.record("expected http.disconnect, got \(String(describing: seen.value.0))")
            return
        }
        #expect(reason == .clientClosed)
        #expect(seen.value.1 == .clientClosed)
        #expect(seen.value.2 == false)
    }
}
