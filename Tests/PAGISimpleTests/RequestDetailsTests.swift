import HTTPTypes
import Logging
import NIOCore
import PAGI
import PAGIMiddleware
import PAGISimple
import PAGITesting
import Synchronization
import Testing

@Suite struct RequestDetailsTests {
    static func client(scheme: String = "http", logHandler: RecordingLogHandler? = nil) -> TestClient {
        var configuration = TestClient.Configuration()
        configuration.scheme = scheme
        return TestClient(app: Self.app(logHandler: logHandler), configuration: configuration)
    }

    static func app(logHandler: RecordingLogHandler? = nil) -> Application {
        let logger = Logger(label: "test") { _ in logHandler.map { $0 as any LogHandler } ?? SwiftLogNoOpLogHandler() }
        let inner = SimpleApp(logger: logger)
        inner.get("/id") { context in .text(context.requestID) }
        let app = SimpleApp(logger: logger)
        app.get("/who") { context in
            .text("\(context.clientAddress?.host ?? "-") \(context.isSecure) \(context.header(.userAgent) ?? "-")")
        }
        app.get("/query") { context in
            let strict = try context.strictQuery()
            return .text("\(strict["name"] ?? "-") \(context.rawQuery.map { $0.value.count })")
        }
        app.get("/lenient") { context in .text(context.query["name"] ?? "-") }
        app.get("/id") { context in
            context.logger.info("handled")
            return .text(context.requestID + " " + context.requestID)
        }
        app.get("/htmx") { context in
            let htmx = context.htmx
            return .text("\(context.isHTMX) \(htmx.isBoosted) \(htmx.target ?? "-") \(htmx.trigger ?? "-") \(htmx.triggerName ?? "-") \(htmx.currentURL ?? "-") \(htmx.prompt ?? "-") \(htmx.isHistoryRestore)")
        }
        app.mount("/inner", inner)
        return app.application
    }

    @Test func clientSchemeAndHeaders() async throws {
        #expect(try await Self.client().get("/who", headers: ["user-agent": "curl/8"]).text == "127.0.0.1 false curl/8")
        #expect(try await Self.client(scheme: "https").get("/who").text == "127.0.0.1 true -")
    }

    @Test func queryIsLenientStrictOrRaw() async throws {
        let client = Self.client()
        #expect(try await client.get("/query?name=J%C3%BCrgen&b=%FF%FE").status == .badRequest)
        #expect(try await client.get("/query?name=J%C3%BCrgen+K").text == "Jürgen K [9]")
        #expect(try await client.get("/lenient?name=%FFok").text == "\u{FFFD}ok")
    }

    @Test func requestIDsAreTrustedWhenSaneAndSharedWithMounts() async throws {
        let client = Self.client()
        #expect(try await client.get("/id", headers: ["x-request-id": "abc-123.X_y"]).text == "abc-123.X_y abc-123.X_y")
        let made = try await client.get("/id", headers: ["x-request-id": "<script>"]).text.split(separator: " ")
        #expect(made.count == 2 && made[0] == made[1] && made[0].count == 32 && made[0].allSatisfy(\.isHexDigit))
        let other = try await client.get("/id").text
        #expect(!other.hasPrefix(String(made[0])))
        #expect(try await client.get("/inner/id", headers: ["x-request-id": "from-proxy"]).text == "from-proxy")
    }

    @Test func theRequestIdMiddlewaresIdIsTheRequestsID() async throws {
        let handler = RecordingLogHandler()
        let wrapped = TestClient(app: RequestId().wrap(Self.app(logHandler: handler)))
        let response = try await wrapped.get("/id", headers: ["x-request-id": "not-trusted"])
        let id = try #require(response.headers["x-request-id"])
        #expect(id != "not-trusted" && response.text == "\(id) \(id)")
        #expect(handler.entries.first?.metadata["request-id"] == "\(id)")
        let mounted = try await wrapped.get("/inner/id")
        #expect(mounted.text == mounted.headers["x-request-id"])
    }

    @Test func theLoggerCarriesTheRequest() async throws {
        let handler = RecordingLogHandler()
        _ = try await Self.client(logHandler: handler).get("/id", headers: ["x-request-id": "req-1"])
        let record = try #require(handler.entries.first)
        #expect(record.message == "handled")
        #expect(record.metadata["request-id"] == "req-1" && record.metadata["method"] == "GET" && record.metadata["path"] == "/id")
    }

    @Test func htmxRequestHeaders() async throws {
        let client = Self.client()
        #expect(try await client.get("/htmx").text == "false false - - - - - false")
        let headers: Headers = [
            "hx-request": "true", "hx-boosted": "true", "hx-target": "list", "hx-trigger": "btn",
            "hx-trigger-name": "save", "hx-current-url": "http://x/a", "hx-prompt": "yes", "hx-history-restore-request": "true",
        ]
        #expect(try await client.get("/htmx", headers: headers).text == "true true list btn save http://x/a yes true")
    }

    @Test func htmxResponseHeaders() throws {
        #expect(Response.text("").htmxTrigger("saved").htmxTrigger("closed").headers.first("hx-trigger") == "saved, closed")
        let withDetail = try Response.text("").htmxTrigger("saved").htmxTrigger("toast", detail: ["level": "info"])
        #expect(withDetail.headers.first("hx-trigger") == #"{"saved":null,"toast":{"level":"info"}}"#)
        #expect(try Response.text("").htmxTrigger("a", detail: 1).htmxTrigger("b").headers.first("hx-trigger") == #"{"a":1,"b":null}"#)
        #expect(Response.empty().htmxRedirect(to: "/done").headers.first("hx-redirect") == "/done")
        #expect(Response.empty().htmxRefresh().headers.first("hx-refresh") == "true")
    }
}

@Suite struct HTMLEscapingTests {
    @Test func escapesTheFiveCharactersAndNothingElse() {
        #expect(escapeHTML(#"<a href="x">Tom & Jerry's</a> ✓"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; ✓")
        #expect(escapeHTML("plain café") == "plain café")
    }
}
