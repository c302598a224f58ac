import HTTPTypes
import NIOCore
import PAGI
@testable import PAGIMiddleware
import PAGITesting
import Synchronization
import Testing

@Suite struct WebSocketRateLimitTests {
    /// Echoes each message; on a disconnect, says which code it got, then ends.
    static let echo: Application = { _, receive, send in
        guard case .websocketConnect = try await receive() else { return }
        try await send(.websocketAccept())
        while true {
            switch try await receive() {
            case .websocketReceive(let message): try await send(.websocketSend(message))
            case .websocketDisconnect: return
            default: continue
            }
        }
    }

    final class ManualTime: Sendable {
        let instant = Mutex(ContinuousClock.now)
        func advance(by duration: Duration) { self.instant.withLock { $0 += duration } }
        var now: @Sendable () -> ContinuousClock.Instant { { self.instant.withLock { $0 } } }
    }

    func limit(messages: Double = 100, bytes: Double = 1_048_576, time: ManualTime) -> WebSocketRateLimit {
        WebSocketRateLimit(messagesPerSecond: messages, bytesPerSecond: bytes, burstMultiplier: 2, closeCode: .policyViolation, closeReason: "Rate limit exceeded", now: time.now)
    }

    @Test func aBurstPassesThenTheClientIsClosedWith1008() async throws {
        let time = ManualTime()
        let socket = try await TestClient(app: self.limit(messages: 2, time: time).wrap(Self.echo)).websocket("/")
        for number in 1...4 {
            try await socket.send(text: "\(number)")
            #expect(try await socket.receiveText() == "\(number)")
        }
        try await socket.send(text: "5")
        do {
            _ = try await socket.receiveText()
            Issue.record("the fifth message was echoed")
        } catch TestClientError.websocketClosed(let code, let reason) {
            #expect(code == .policyViolation && reason == "Rate limit exceeded")
        }
    }

    @Test func tokensComeBackAndBytesCountToo() async throws {
        let time = ManualTime()
        let socket = try await TestClient(app: self.limit(messages: 1, time: time).wrap(Self.echo)).websocket("/")
        for number in 1...2 { try await socket.send(text: "\(number)"); _ = try await socket.receiveText() }
        time.advance(by: .seconds(1))
        try await socket.send(text: "again")
        #expect(try await socket.receiveText() == "again")
        let bytes = try await TestClient(app: self.limit(bytes: 4, time: time).wrap(Self.echo)).websocket("/")
        try await bytes.send(binary: ByteBuffer(bytes: [1, 2, 3, 4, 5, 6, 7, 8]))
        #expect(try await bytes.receiveBinary().readableBytes == 8)
        try await bytes.send(text: "x")
        await #expect(throws: TestClientError.self) { try await bytes.receiveText() }
    }

    @Test func otherScopesPassThrough() async throws {
        let client = TestClient(app: WebSocketRateLimit(messagesPerSecond: 1).wrap(echoPath("app")))
        #expect(try await client.get("/x").text == "app /x ")
    }
}

@Suite struct SSERetryTests {
    /// Sends three events, the second with a retry of its own, and the delay it was told.
    static let stream: Application = { scope, _, send in
        try await send(.sseStart(ResponseStart(status: .ok)))
        try await send(.sseSend(SSEEvent(data: "one \(scope.request?[.sseRetry] ?? 0)")))
        try await send(.sseSend(SSEEvent(data: "two", retry: 10)))
        try await send(.sseSend(SSEEvent(data: "three")))
        try await send(.sseClose())
    }

    @Test func theFirstEventCarriesTheHint() async throws {
        let events = try await TestClient(app: SSERetry(retry: .milliseconds(2500)).wrap(Self.stream)).sse("/")
        #expect(try await events.next().map { [$0.data, "\($0.retry ?? -1)"] } == ["one 2500", "2500"])
        #expect(try await events.next()?.retry == 10)
        #expect(try await events.next()?.retry == nil)
    }

    @Test func orEveryEvent() async throws {
        let events = try await TestClient(app: SSERetry(everyEvent: true).wrap(Self.stream)).sse("/")
        #expect(try await events.next()?.retry == 3000)
        #expect(try await events.next()?.retry == 10)
        #expect(try await events.next()?.retry == 3000)
    }
}
