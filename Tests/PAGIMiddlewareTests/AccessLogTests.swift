import Foundation
import Logging
import PAGI
import PAGIAccessLog
import PAGIMiddleware
import PAGITesting
import Synchronization
import Testing

@Suite struct AccessLogTests {
    struct Boom: Error {}

    /// Answers `/boom` by throwing, `/ws` by accepting, `/events` by declining; else 201 with
    /// the path as its body and an `x-id` header.
    static let app: Application = { scope, _, send in
        let request = scope.request!
        switch (scope, request.path) {
        case (.websocket, _):
            try await send(.websocketAccept())
            try await send(.websocketClose())
        case (.sse, _):
            try await send(.sseHTTPResponseStart(ResponseStart(status: .notFound)))
            try await send(.sseHTTPResponseBody(ByteBuffer(string: "none")))
        case (_, "/boom"):
            throw Boom()
        default:
            try await send(.httpResponseStart(status: .created, headers: ["x-id": "42"]))
            try await send(.httpResponseBody(ByteBuffer(string: request.path), more: true))
            try await send(.httpResponseBody(ByteBuffer(string: "!")))
        }
    }

    static func client(_ log: LogRecorder, _ accessLog: (Logger) -> AccessLog) -> TestClient {
        TestClient(app: accessLog(log.logger).wrap(Self.app)) { $0.raiseAppErrors = false }
    }

    @Test func logsEachRequestInTheCombinedFormatByDefault() async throws {
        let log = LogRecorder()
        let client = Self.client(log) { AccessLog(logger: $0) }
        _ = try await client.get("/hello?x=1", headers: ["referer": "http://a/", "user-agent": "tester"])
        let entry = try #require(log.recorded.first)
        #expect(log.recorded.count == 1 && entry.level == .info)
        let line = entry.message
        #expect(line.hasPrefix("127.0.0.1 - - ["))
        #expect(line.hasSuffix(#"] "GET /hello?x=1 HTTP/1.1" 201 7 "http://a/" "tester""#))
    }

    @Test func theFormatAndLevelAreOptions() async throws {
        let log = LogRecorder()
        let format = try AccessLogFormat("%m %U%q %s %b %B %{x-id}o %{X-Missing}o")
        let client = Self.client(log) { AccessLog(format: format, logger: $0, level: .notice) }
        _ = try await client.post("/items?page=2", body: "data")
        #expect(log.messages == ["POST /items?page=2 201 7 7 42 -"])
        #expect(log.recorded.first?.level == .notice)
        _ = try await Self.client(log) { AccessLog(format: .tiny, logger: $0) }.get("/t")
        #expect(log.messages.last?.hasPrefix("GET /t 201 ") == true)
    }

    @Test func theDurationIsFromTheCallToTheReturn() async throws {
        let log = LogRecorder()
        let slow = AccessLog(format: try AccessLogFormat("%{ms}T"), logger: log.logger).wrap { scope, receive, send in
            try await Task.sleep(for: .milliseconds(30))
            try await Self.app(scope, receive, send)
        }
        _ = try await TestClient(app: slow).get("/")
        let milliseconds = try #require(Int(log.messages.first ?? ""))
        #expect(milliseconds >= 30 && milliseconds < 10_000)  // Milliseconds, not microseconds.
    }

    @Test func skippedPathsAndRequestsAreNotLogged() async throws {
        let log = LogRecorder()
        let client = Self.client(log) {
            AccessLog(format: .tiny, logger: $0, skipPaths: ["/health"], skip: { $0.headers["x-quiet"] != nil })
        }
        _ = try await client.get("/health")
        _ = try await client.get("/quiet", headers: ["x-quiet": "1"])
        _ = try await client.get("/health/deep")
        #expect(log.messages.count == 1 && log.messages[0].hasPrefix("GET /health/deep 201"))
    }

    /// `skipIf` sees the finished entry: a 304 or a fast health check can stay out of the log.
    @Test func finishedEntriesCanBeSkipped() async throws {
        let log = LogRecorder()
        let client = Self.client(log) {
            AccessLog(format: .tiny, logger: $0, skipIf: { $0.path == "/ok" && $0.status == 201 })
        }
        _ = try await client.get("/ok")
        _ = try await client.get("/boom")
        _ = try await client.get("/other")
        #expect(log.messages.map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == ["GET /boom 500", "GET /other 201"])
    }

    /// Lines can go to a function of your own, or straight to a file (appended, one line per
    /// request), instead of through swift-log.
    @Test func linesGoToAFunctionOrAFile() async throws {
        let lines = Mutex<[String]>([])
        let toFunction = AccessLog(format: try AccessLogFormat("%m %U %s"), output: .lines { line in lines.withLock { $0.append(line) } })
        _ = try await TestClient(app: toFunction.wrap(Self.app)).get("/f")
        #expect(lines.withLock { $0 } == ["GET /f 201"])

        let directory = try TemporaryDirectory()
        let path = directory.path + "/access.log"
        let file = try AccessLogFile(path: path)
        let toFile = AccessLog(format: try AccessLogFormat("%m %U %s"), output: .file(file))
        _ = try await TestClient(app: toFile.wrap(Self.app)).get("/a")
        _ = try await TestClient(app: toFile.wrap(Self.app)).get("/b")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "GET /a 201\nGET /b 201\n")
        #expect(throws: AccessLogFileError.self) { try AccessLogFile(path: directory.path + "/missing/dir/access.log") }
    }

    @Test func anErrorBeforeTheResponseIsLoggedAs500AndThrownOn() async throws {
        let log = LogRecorder()
        let response = try await Self.client(log) { AccessLog(format: .common, logger: $0) }.get("/boom")
        #expect(response.error is Boom)
        #expect(log.messages.count == 1 && log.messages[0].hasSuffix(#""GET /boom HTTP/1.1" 500 -"#))
    }

    @Test func webSocketsAndEventStreamsAreLoggedWithTheirAnswer() async throws {
        let log = LogRecorder()
        let client = Self.client(log) { AccessLog(format: try! AccessLogFormat("%U %s %b"), logger: $0) }
        let socket = try await client.websocket("/ws")
        _ = try await socket.waitForClose()
        await #expect(throws: TestClientError.self) { try await client.sse("/events") }
        #expect(log.messages == ["/ws 101 -", "/events 404 4"])
    }

    @Test func lifespanIsNotLogged() async throws {
        let log = LogRecorder()
        let app = AccessLog(logger: log.logger).wrap { scope, receive, send in
            guard case .lifespan = scope else { return try await Self.app(scope, receive, send) }
            _ = try await receive()
            try await send(.lifespanStartupComplete)
            _ = try await receive()
            try await send(.lifespanShutdownComplete)
        }
        try await TestClient(app: app).withLifespan {}
        #expect(log.messages.isEmpty)
    }
}
