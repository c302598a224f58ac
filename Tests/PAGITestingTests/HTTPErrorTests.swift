import HTTPTypes
import NIOCore
import PAGI
import PAGITesting
import Testing

struct BoomError: Error, Equatable {}

@Suite struct HTTPErrorTests {
    static let throwsBeforeStart: Application = { _, _, _ in throw BoomError() }
    static let throwsAfterStart: Application = { _, _, send in
        try await send(.httpResponseStart(status: .ok))
        try await send(.httpResponseBody("partial", more: true))
        throw BoomError()
    }
    static let noResponse: Application = { _, _, _ in }
    static let incomplete: Application = { _, _, send in
        try await send(.httpResponseStart(status: .ok))
        try await send(.httpResponseBody("partial", more: true))
    }

    @Test func anErrorBeforeTheStartFailsTheRequest() async throws {
        await #expect(throws: BoomError()) { try await TestClient(app: Self.throwsBeforeStart).get("/") }
        let response = try await TestClient(app: Self.throwsBeforeStart) { $0.raiseAppErrors = false }.get("/")
        #expect(response.status == .internalServerError)
        #expect(response.text == "Internal Server Error")
        #expect(response.error is BoomError)
    }

    @Test func anErrorAfterTheStartLeavesAnIncompleteResponse() async throws {
        await #expect(throws: BoomError()) { try await TestClient(app: Self.throwsAfterStart).get("/") }
        let response = try await TestClient(app: Self.throwsAfterStart) { $0.raiseAppErrors = false }.get("/")
        #expect(response.status == .ok)
        #expect(response.text == "partial")
        #expect(!response.isComplete)
        #expect(response.error is BoomError)
    }

    @Test func returningWithoutAResponseIsAnError() async throws {
        await #expect(throws: PAGIError(.noResponse, "The application returned without sending http.response.start")) {
            try await TestClient(app: Self.noResponse).get("/")
        }
        let response = try await TestClient(app: Self.noResponse) { $0.raiseAppErrors = false }.get("/")
        #expect(response.status == .internalServerError)
        #expect((response.error as? PAGIError)?.code == .noResponse)
    }

    @Test func returningMidBodyIsAnError() async throws {
        await #expect(throws: PAGIError(.noResponse, "The application returned before its response was complete")) {
            try await TestClient(app: Self.incomplete).get("/")
        }
    }

    @Test func anInvalidEventFailsTheRequestEvenWhenTheAppCatchesIt() async throws {
        let swallowing: Application = { _, _, send in
            try? await send(.httpResponseBody("too early"))
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody("fine"))
        }
        await #expect(throws: PAGIError.self) { try await TestClient(app: swallowing).get("/") }
        let response = try await TestClient(app: swallowing) { $0.raiseAppErrors = false }.get("/")
        #expect((response.error as? PAGIError)?.code == .eventOutOfOrder)
        #expect(response.text == "fine")
    }

    @Test func headerInjectionIsRejected() async throws {
        let app: Application = { _, _, send in
            try await send(.httpResponseStart(status: .found, headers: ["location": "/next\r\nset-cookie: stolen=1"]))
        }
        do {
            _ = try await TestClient(app: app).get("/")
            Issue.record("the response was accepted")
        } catch let error as PAGIError {
            #expect(error.code == .invalidEvent)
            #expect(error.message.contains("header 'location' has a control character"))
        }
    }

    @Test func aSilentApplicationTimesOut() async throws {
        let silent: Application = { _, receive, _ in
            _ = try await receive()
            try await Task.sleep(for: .seconds(30))
        }
        let client = TestClient(app: silent) { $0.timeout = .milliseconds(100) }
        do {
            _ = try await client.get("/")
            Issue.record("no timeout")
        } catch TestClientError.timedOut(let what) {
            #expect(what.contains("the application's next HTTP event"))
        }
    }
}
