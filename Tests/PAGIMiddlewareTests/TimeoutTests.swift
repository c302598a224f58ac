import PAGI
import PAGIMiddleware
import PAGITesting
import Synchronization
import Testing

@Suite struct TimeoutTests {
    struct Boom: Error {}

    /// Sleeps `delay` (cancellably) before answering; on `/late`, after starting the response;
    /// records whether it saw its cancellation.
    final class SlowApp: Sendable {
        let delay: Duration
        let cancelled = Mutex(false)

        init(_ delay: Duration) { self.delay = delay }

        func pause() async throws {
            do {
                try await Task.sleep(for: self.delay)
            } catch {
                self.cancelled.withLock { $0 = true }
                throw error
            }
        }

        var app: Application {
            { scope, _, send in
                switch scope {
                case .websocket:
                    try await self.pause()
                    try await send(.websocketAccept())
                    try await send(.websocketClose())
                default:
                    if scope.request?.path == "/boom" { throw Boom() }
                    let late = scope.request?.path == "/late"
                    if !late { try await self.pause() }
                    try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
                    try await send(.httpResponseBody(ByteBuffer(string: "started "), more: late))
                    if late {
                        try await self.pause()
                        try await send(.httpResponseBody(ByteBuffer(string: "done")))
                    }
                }
            }
        }
    }

    static func client(_ timeout: Timeout, _ app: SlowApp) -> TestClient {
        TestClient(app: timeout.wrap(app.app)) { $0.raiseAppErrors = false }
    }

    @Test func aFastApplicationIsNotTouched() async throws {
        let app = SlowApp(.milliseconds(1))
        let response = try await Self.client(Timeout(timeout: .seconds(5)), app).get("/")
        #expect(response.status == .ok && response.text == "started " && response.error == nil)
        #expect(!app.cancelled.withLock { $0 })
    }

    @Test func aSlowApplicationIsCancelledAndTheClientGets504() async throws {
        // Uncut, the application would outlast the client's 10-second patience.
        let app = SlowApp(.seconds(60))
        let timedOut = Mutex<[String]>([])
        let timeout = Timeout(timeout: .milliseconds(30), onTimeout: { request in timedOut.withLock { $0.append(request.path) } })
        let response = try await Self.client(timeout, app).get("/slow")
        #expect(response.status == .gatewayTimeout && response.text == "Gateway Timeout" && response.error == nil)
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(app.cancelled.withLock { $0 } && timedOut.withLock { $0 } == ["/slow"])
    }

    @Test func aStartedResponseIsCutShort() async throws {
        let app = SlowApp(.seconds(60))
        let response = try await Self.client(Timeout(timeout: .milliseconds(30)), app).get("/late")
        #expect(response.status == .ok && response.text == "started " && !response.isComplete)
        let error = try #require(response.error as? Timeout.Exceeded)
        #expect(error.timeout == .milliseconds(30) && error.description == "The request took longer than 0.03 seconds")
        #expect(app.cancelled.withLock { $0 })
    }

    @Test func theApplicationsErrorsPassThrough() async throws {
        let response = try await Self.client(Timeout(timeout: .seconds(5)), SlowApp(.zero)).get("/boom")
        #expect(response.error is Boom)
    }

    @Test func sendsAfterTheTimeoutThrow() async throws {
        let afterwards = Mutex<(any Error)?>(nil)
        let stubborn: Application = { _, _, send in
            try? await Task.sleep(for: .seconds(10))  // Woken by its cancellation, which it ignores.
            do {
                try await send(.httpResponseStart(status: .ok))
            } catch {
                afterwards.withLock { $0 = error }
            }
        }
        let response = try await TestClient(app: Timeout(timeout: .milliseconds(20)).wrap(stubborn)).get("/")
        #expect(response.status == .gatewayTimeout)
        #expect(afterwards.withLock { $0 } is Timeout.Exceeded)
    }

    @Test func anErrorHandlerInsideLetsTheTimeoutAnswer() async throws {
        let log = LogRecorder()
        let app = MiddlewareStack {
            Timeout(timeout: .milliseconds(20))
            ErrorHandler(logger: log.logger)
        }.wrap(SlowApp(.seconds(5)).app)
        #expect(try await TestClient(app: app).get("/").status == .gatewayTimeout)
        let late = try await TestClient(app: app) { $0.raiseAppErrors = false }.get("/late")
        #expect(late.error is Timeout.Exceeded && log.messages.isEmpty)
        // An application that ignores its cancellation, and then fails to send.
        let stubborn = MiddlewareStack {
            Timeout(timeout: .milliseconds(20))
            ErrorHandler(logger: log.logger)
        }.wrap { _, _, send in
            try? await Task.sleep(for: .seconds(5))
            try await send(.httpResponseStart(status: .ok))
        }
        #expect(try await TestClient(app: stubborn).get("/").status == .gatewayTimeout)
        #expect(log.messages.isEmpty)
    }

    @Test func webSocketsAreNotTimed() async throws {
        let app = SlowApp(.milliseconds(80))
        let socket = try await Self.client(Timeout(timeout: .milliseconds(10)), app).websocket("/ws")
        #expect(try await socket.waitForClose().code == .normalClosure)
        #expect(!app.cancelled.withLock { $0 })
    }
}
