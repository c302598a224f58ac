import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Synchronization
import Testing

@Suite struct MiddlewareTests {
    /// Appends `tag` to the `x-trail` header of the response, around the rest of the stack.
    static func trail(_ tag: String) -> RouteMiddleware {
        { context, next in
            var response = try await next(context)
            let before = response.headers.first("x-trail")?.text
            response.headers.removeAll { $0.name == "x-trail" }
            return response.header("x-trail", before.map { "\(tag)>\($0)" } ?? tag)
        }
    }

    static func app() -> SimpleApp {
        let app = SimpleApp()
        app.get("/early") { _ in .text("registered before any middleware") }
        app.use(trail("app"))
        app.before { context in context.headers.first("x-blocked") != nil ? .text("blocked", status: .forbidden) : nil }
        app.after { _, response in response.header("x-after", "yes") }
        app.use { context, next in
            context.stash["user"] = context.headers.first("x-user")?.text ?? "anonymous"
            return try await next(context)
        }
        app.get("/hello") { context in .text("hello \(context.stash["user"] as? String ?? "?")") }
        app.group("/api") { api in
            api.use(trail("api"))
            api.get("/item", chain([trail("route")]) { _ in .text("item") })
        }
        app.use(MiddlewareFunction { inner in
            { scope, receive, send in
                try await inner(scope, receive) { event in
                    guard case .httpResponseStart(var start) = event else { return try await send(event) }
                    start.headers.append("x-pagi", "wrapped")
                    try await send(.httpResponseStart(start))
                }
            }
        })
        return app
    }

    let client = TestClient(app: MiddlewareTests.app().application)

    @Test func middlewareRunsInOrderAndAppliesToLaterRoutes() async throws {
        let item = try await self.client.get("/api/item")
        #expect(item.text == "item")
        #expect(item.headers.first("x-trail")?.text == "app>api>route")
        #expect(item.headers.first("x-after")?.text == "yes")
        let early = try await self.client.get("/early")
        #expect(early.headers.first("x-trail") == nil && early.headers.first("x-after") == nil)
    }

    @Test func hooksCanAnswerAndMiddlewareCanStash() async throws {
        #expect(try await self.client.get("/hello", headers: ["x-user": "ada"]).text == "hello ada")
        #expect(try await self.client.get("/hello").text == "hello anonymous")
        let blocked = try await self.client.get("/hello", headers: ["x-blocked": "1"])
        #expect(blocked.status == .forbidden && blocked.text == "blocked")
        // The `after` hook was added after the `before` hook, so it sits inside it: a `before`
        // that answers skips it (and the handler). The application's trail, outside both, runs.
        #expect(blocked.headers.first("x-after") == nil && blocked.headers.first("x-trail")?.text == "app")
    }

    @Test func pagiMiddlewareWrapsEverything() async throws {
        #expect(try await self.client.get("/hello").headers.first("x-pagi")?.text == "wrapped")
        #expect(try await self.client.get("/missing").headers.first("x-pagi")?.text == "wrapped")
    }
}

/// `cors(...)` and `logRequests(...)`: Simple's fronts for the library's CORS and AccessLog.
@Suite struct CORSAndLoggingHelperTests {
    @Test func corsWithAPredicateAndCredentials() async throws {
        let app = SimpleApp()
        app.cors(origins: .matching { $0.hasSuffix(".example.com") }, credentials: true, maxAge: nil)
        app.post("/items") { _ in .text("made", status: .created) }
        let client = TestClient(app: app.application)
        let preflight = try await client.options("/items", headers: ["origin": "https://app.example.com", "access-control-request-method": "POST"])
        #expect(preflight.status == .noContent && preflight.headers["access-control-allow-origin"] == "https://app.example.com")
        #expect(preflight.headers["access-control-allow-credentials"] == "true" && !preflight.headers.contains("access-control-max-age"))
        let made = try await client.post("/items", headers: ["origin": "https://app.example.com"])
        #expect(made.text == "made" && made.headers["vary"] == "Origin")
        let other = try await client.post("/items", headers: ["origin": "https://evil.test"])
        #expect(other.status == .created && !other.headers.contains("access-control-allow-origin"))
        #expect(try await client.options("/items", headers: ["origin": "https://evil.test", "access-control-request-method": "POST"]).status == .forbidden)
    }

    @Test func requestLoggingWithSkipRules() async throws {
        let lines = LockedLines()
        let app = SimpleApp()
        app.logRequests(format: try AccessLogFormat("%m %U %s"), to: .lines(lines.append), skipPaths: ["/health"], skipIf: { $0.status == 304 })
        app.get("/page") { _ in .text("page") }
        app.get("/health") { _ in .text("ok") }
        app.get("/cached") { _ in .empty(status: .notModified) }
        let client = TestClient(app: app.application)
        for path in ["/page", "/health", "/cached", "/missing"] { _ = try await client.get(path) }
        #expect(lines.all == ["GET /page 200", "GET /missing 404"])
    }
}

final class LockedLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { self.lines.withLock { $0 } }
    @Sendable func append(_ line: String) { self.lines.withLock { $0.append(line) } }
}
