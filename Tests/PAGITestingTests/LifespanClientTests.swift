import HTTPTypes
import NIOCore
import PAGI
import PAGITesting
import Testing

extension ScopeKey where Value == String {
    static let greeting = ScopeKey("test.greeting")
}

extension ScopeKey where Value == Recorder<Int> {
    static let hits = ScopeKey("test.hits")
}

@Suite struct LifespanClientTests {
    /// Fills state at startup; per request, changes a top-level key of its copy and counts
    /// through a shared reference.
    static let stateful: Application = { scope, receive, send in
        switch scope {
        case .lifespan(let lifespan):
            while true {
                switch try await receive() {
                case .lifespanStartup:
                    lifespan.state[.greeting] = "hello"
                    lifespan.state[.hits] = Recorder(0)
                    try await send(.lifespanStartupComplete)
                case .lifespanShutdown:
                    try await send(.lifespanShutdownComplete)
                    return
                default: continue
                }
            }
        case .http(var request):
            let greeting = request.state[.greeting] ?? "none"
            request.state[.greeting] = "changed by a request"
            request.state[.hits]?.update { $0 += 1 }
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("\(greeting) \(request.state[.hits]?.value ?? -1)"))
        default:
            throw PAGIError.unsupportedScope(scope.type)
        }
    }

    @Test func stateIsCopiedIntoEveryRequest() async throws {
        let client = TestClient(app: Self.stateful)
        try await client.withLifespan {
            #expect(client.lifespanStatus == .running)
            let first = try await client.get("/")
            let second = try await client.get("/")
            #expect(first.text == "hello 1")
            #expect(second.text == "hello 2")
        }
        #expect(client.lifespanStatus == .stopped)
        #expect(client.state[.greeting] == "hello")
    }

    @Test func aFailedStartupIsReported() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.lifespanStartupFailed(message: "no database"))
        }
        let client = TestClient(app: app)
        do {
            try await client.startup()
            Issue.record("started")
        } catch TestClientError.lifespanStartupFailed(let message) {
            #expect(message == "no database")
        }
    }

    @Test func anApplicationWithoutLifespanDeclines() async throws {
        let client = TestClient(app: Apps.text("ok"))
        try await client.withLifespan {
            guard case .declined(let reason) = client.lifespanStatus else {
                Issue.record("status \(client.lifespanStatus)")
                return
            }
            #expect(reason.contains("Unsupported scope type 'lifespan'"))
            let response = try await client.get("/")
            #expect(response.text == "ok")
        }
    }

    @Test func returningWithoutAnAnswerDeclines() async throws {
        let client = TestClient(app: { _, _, _ in })
        try await client.startup()
        #expect(client.lifespanStatus == .declined(reason: "the application returned without answering lifespan.startup"))
        try await client.shutdown()
    }

    @Test func aFailedShutdownIsReported() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.lifespanStartupComplete)
            _ = try await receive()
            try await send(.lifespanShutdownFailed(message: "pool stuck"))
        }
        let client = TestClient(app: app)
        try await client.startup()
        await #expect(throws: TestClientError.self) { try await client.shutdown() }
    }

    @Test func shutdownRunsWhenTheBodyThrows() async throws {
        let client = TestClient(app: Self.stateful)
        await #expect(throws: BoomError()) {
            try await client.withLifespan { throw BoomError() }
        }
        #expect(client.lifespanStatus == .stopped)
    }

    @Test func anInvalidLifespanEventFails() async throws {
        let app: Application = { _, receive, send in
            _ = try await receive()
            try await send(.lifespanStartupComplete)
            try await send(.lifespanStartupComplete)
        }
        let client = TestClient(app: app)
        try await client.startup()
        await #expect(throws: PAGIError.self) { try await client.shutdown() }
    }

    @Test func workerInfoReachesTheScope() async throws {
        let seen = Recorder<PAGIInfo?>(nil)
        let app: Application = { scope, receive, send in
            seen.update { $0 = scope.pagi }
            _ = try await receive()
            try await send(.lifespanStartupComplete)
            _ = try await receive()
            try await send(.lifespanShutdownComplete)
        }
        let client = TestClient(app: app) { $0.lifespanInfo = PAGIInfo(isWorker: true, workerNumber: 3) }
        try await client.withLifespan {}
        #expect(seen.value?.workerNumber == 3)
        #expect(seen.value?.isWorker == true)
    }
}
