import HTTPTypes
import Logging
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Synchronization
import Testing

@Suite struct LintTests {
    /// Sends its body before the head: a contract violation.
    static let bodyFirst: Application = { _, _, send in
        try await send(.httpResponseBody(ByteBuffer(string: "oops")))
    }

    /// Starts a response and never finishes it.
    static let unfinished: Application = { _, _, send in
        try await send(.httpResponseStart(status: .ok, headers: [:]))
        try await send(.httpResponseBody(ByteBuffer(string: "part"), more: true))
    }

    static let silent: Application = { _, _, _ in }

    static func client(_ app: @escaping Application, _ lint: Lint) -> TestClient {
        var configuration = TestClient.Configuration()
        configuration.raiseAppErrors = false
        return TestClient(app: lint.wrap(app), configuration: configuration)
    }

    @Test func strictModeThrowsWhereTheContractBreaks() async throws {
        let response = try await Self.client(Self.bodyFirst, Lint(label: "inner", strict: true)).get("/")
        #expect(response.status == .internalServerError)
        #expect("\(response.error!)".contains("Lint (inner): ") && "\(response.error!)".contains("http.response.body"))
        let unfinished = try await Self.client(Self.unfinished, Lint(strict: true)).get("/")
        #expect("\(unfinished.error!)".contains("Lint (app): returned before finishing its http answer"))
        let silent = try await Self.client(Self.silent, Lint(strict: true)).get("/")
        #expect("\(silent.error!)".contains("Lint (app): returned without answering the http scope"))
    }

    @Test func warningModeLogsAndLetsEventsThrough() async throws {
        let handler = RecordingLogHandler()
        let lint = Lint(label: "api", logger: Logger(label: "test") { _ in handler })
        _ = try await Self.client(Self.unfinished, lint).get("/")
        #expect(handler.entries.map { "\($0.level): \($0.message)" } == ["warning: Lint (api): returned before finishing its http answer"])
    }

    @Test func aGoodApplicationPassesQuietly() async throws {
        let handler = RecordingLogHandler()
        let lint = Lint(strict: true, logger: Logger(label: "test") { _ in handler })
        let client = TestClient(app: lint.wrap(echoPath("ok")))
        #expect(try await client.get("/a").text == "ok /a ")
        let socket = try await client.websocket("/ws")
        #expect(try await socket.receiveText() == "ok /ws ")
        #expect(handler.entries.isEmpty)
    }
}
