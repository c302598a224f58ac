import Logging
import PAGI
import PAGIMiddleware
import PAGITesting
import Synchronization
import Testing

@Suite struct ErrorHandlerTests {
    struct DatabaseDown: Error, CustomStringConvertible {
        var description: String { "password=hunter2 <refused>" }
    }

    struct Throttled: HTTPStatusError {
        var status: HTTPResponse.Status { .tooManyRequests }
        var headers: Headers { ["retry-after": "30"] }
    }

    struct Gone: HTTPStatusError {
        var status: HTTPResponse.Status { .gone }
    }

    /// Throws `DatabaseDown` on `/fail`, `Throttled` on `/throttled`, `Gone` on `/gone`,
    /// fails after starting on `/late`, returns without answering on `/silent`; else "ok".
    static let app: Application = { scope, _, send in
        switch scope.request?.path {
        case "/fail": throw DatabaseDown()
        case "/throttled": throw Throttled()
        case "/gone": throw Gone()
        case "/cancelled": throw CancellationError()
        case "/silent": return
        case "/late":
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody(ByteBuffer(string: "partial"), more: true))
            throw DatabaseDown()
        default:
            try await send(.httpResponseStart(status: .ok))
            try await send(.httpResponseBody(ByteBuffer(string: "ok")))
        }
    }

    static func client(_ handler: ErrorHandler) -> TestClient {
        TestClient(app: handler.wrap(Self.app)) { $0.raiseAppErrors = false }
    }

    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func successfulResponsesPassThrough() async throws {
        let response = try await Self.client(ErrorHandler(logger: Self.quiet)).get("/")
        #expect(response.status == .ok && response.text == "ok" && response.error == nil)
    }

    @Test func productionShowsOnlyTheStatus() async throws {
        let response = try await Self.client(ErrorHandler(logger: Self.quiet)).get("/fail")
        #expect(response.status == .internalServerError && response.error == nil)
        #expect(response.text == "500 Internal Server Error\n")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8" && response.headers["content-length"] == "26")
        #expect(response.headers["vary"] == "Accept")
    }

    @Test func developmentShowsTheErrorsTypeAndText() async throws {
        let client = Self.client(ErrorHandler(development: true, logger: Self.quiet))
        let text = try await client.get("/fail").text
        #expect(text == "500 Internal Server Error\n\nPAGIMiddlewareTests.ErrorHandlerTests.DatabaseDown: password=hunter2 <refused>\n")
        let html = try await Self.client(ErrorHandler(development: true, contentType: .html, logger: Self.quiet)).get("/fail").text
        #expect(html.contains("<pre>password=hunter2 &lt;refused&gt;</pre>") && !html.contains("<refused>"))
    }

    @Test func theContentTypeCanBeFixed() async throws {
        let json = try await Self.client(ErrorHandler(contentType: .json, logger: Self.quiet)).get("/fail", headers: ["accept": "text/html"])
        #expect(json.headers["content-type"] == "application/json" && json.headers["vary"] == nil)
        #expect(json.text == #"{"error":"Internal Server Error","status":500}"#)
        let html = try await Self.client(ErrorHandler(contentType: .html, logger: Self.quiet)).get("/fail")
        #expect(html.headers["content-type"] == "text/html; charset=utf-8")
        #expect(html.text.contains("<title>500 Internal Server Error</title>") && !html.text.contains("hunter2"))
        let devJSON = try await Self.client(ErrorHandler(development: true, contentType: .json, logger: Self.quiet)).get("/fail")
        #expect(devJSON.text.contains(#""detail":"password=hunter2 <refused>""#) && devJSON.text.contains(#""type":"PAGIMiddlewareTests"#))
    }

    @Test(arguments: [
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html; charset=utf-8"),
        ("application/json", "application/json"),
        ("application/*", "application/json"),
        ("*/*", "text/plain; charset=utf-8"),
        ("text/html;q=0.5, application/json;q=0.9", "application/json"),
        ("image/png", "text/plain; charset=utf-8"),
    ])
    func theContentTypeIsNegotiatedFromAccept(accept: String, contentType: String) async throws {
        let response = try await Self.client(ErrorHandler(logger: Self.quiet)).get("/fail", headers: ["accept": ByteString(accept)])
        #expect(response.headers["content-type"] == contentType)
    }

    @Test func anErrorWithAStatusIsAnsweredWithIt() async throws {
        let client = Self.client(ErrorHandler(contentType: .json, logger: Self.quiet))
        let throttled = try await client.get("/throttled")
        #expect(throttled.status == .tooManyRequests && throttled.headers["retry-after"] == "30")
        #expect(throttled.text == #"{"error":"Too Many Requests","status":429}"#)
        #expect(try await client.get("/gone").status == .gone)
    }

    @Test func theStatusForOtherErrorsIsAnOption() async throws {
        let response = try await Self.client(ErrorHandler(status: .serviceUnavailable, logger: Self.quiet)).get("/fail")
        #expect(response.status == .serviceUnavailable && response.text == "503 Service Unavailable\n")
    }

    @Test func onErrorGetsEveryErrorAndItIsLogged() async throws {
        let seen = Mutex<[String]>([])
        let log = LogRecorder()
        let client = Self.client(ErrorHandler(logger: log.logger, onError: { error, request in
            seen.withLock { $0.append("\(request.path) \(type(of: error))") }
        }))
        _ = try await client.get("/fail")
        _ = try await client.get("/gone")
        _ = try await client.get("/late")
        #expect(seen.withLock { $0 } == ["/fail DatabaseDown", "/gone Gone", "/late DatabaseDown"])
        #expect(log.recorded.map(\.level) == [.error, .info, .error])
        #expect(log.messages[0] == "Error answered with 500: password=hunter2 <refused>")
        #expect(log.recorded[0].metadata["path"] == "/fail" && log.recorded[0].metadata["error_type"] == "DatabaseDown")
        #expect(log.messages[2].hasPrefix("Error after the response started"))
    }

    @Test func afterTheResponseStartedTheErrorIsThrownOn() async throws {
        let response = try await Self.client(ErrorHandler(logger: Self.quiet)).get("/late")
        #expect(response.status == .ok && response.text == "partial" && !response.isComplete)
        #expect(response.error is DatabaseDown)
    }

    @Test func aResponseHeadThatCouldNotBeSentDidNotStartTheResponse() async throws {
        let invalid: Application = { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: ["x-split": "a\r\nb"]))
        }
        let response = try await TestClient(app: ErrorHandler(logger: Self.quiet).wrap(invalid)) { $0.raiseAppErrors = false }.get("/")
        #expect(response.status == .internalServerError && response.text == "500 Internal Server Error\n")
        #expect((response.error as? PAGIError)?.code == .invalidEvent)
    }

    @Test func cancellationIsThrownOn() async throws {
        let response = try await Self.client(ErrorHandler(logger: Self.quiet)).get("/cancelled")
        #expect(response.error is CancellationError && response.text == "Internal Server Error")
    }

    @Test func anApplicationThatDoesNotAnswerGetsTheErrorPage() async throws {
        let response = try await Self.client(ErrorHandler(contentType: .json, logger: Self.quiet)).get("/silent")
        #expect(response.status == .internalServerError && response.error == nil)
        #expect(response.text == #"{"error":"Internal Server Error","status":500}"#)
    }

    @Test func noPageIsSentWhenTheClientLeftBeforeTheAnswer() async throws {
        // The test client cannot leave before a response starts: the scope a server would pass.
        let connection = ConnectionState()
        connection.markDisconnected(.clientClosed)
        let sent = Mutex<[String]>([])
        let log = LogRecorder()
        let app = ErrorHandler(logger: log.logger).wrap { _, _, _ in }
        try await app(.http(RequestScope(connection: connection)), { .httpDisconnect(reason: .clientClosed) }) { event in
            sent.withLock { $0.append(event.type) }
        }
        #expect(sent.withLock { $0 }.isEmpty && log.messages.isEmpty)
        try await app(.http(RequestScope(connection: ConnectionState())), { .httpDisconnect(reason: nil) }) { event in
            sent.withLock { $0.append(event.type) }
        }
        #expect(sent.withLock { $0 } == ["http.response.start", "http.response.body"] && log.messages.count == 1)
    }

    @Test func webSocketsAndEventStreamsAreRefusedWithThePage() async throws {
        let client = Self.client(ErrorHandler(contentType: .text, logger: Self.quiet))
        let denied = await #expect(throws: TestClientError.self) { try await client.websocket("/throttled") }
        guard case .websocketDenied(let denial) = denied else { Issue.record("not denied: \(String(describing: denied))"); return }
        #expect(denial.status == .tooManyRequests && denial.text == "429 Too Many Requests\n")
        let declined = await #expect(throws: TestClientError.self) { try await client.sse("/fail") }
        guard case .sseDeclined(let decline) = declined else { Issue.record("not declined"); return }
        #expect(decline.status == .internalServerError && decline.text == "500 Internal Server Error\n")
    }
}
