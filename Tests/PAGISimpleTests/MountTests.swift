import HTTPTypes
import Logging
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct MountTests {
    /// A raw PAGI application that answers with the path and root path it saw.
    static let raw: Application = { scope, receive, send in
        switch scope {
        case .http(let request):
            _ = try await receive()
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
            try await send(.httpResponseBody("raw saw \(request.path) under \(request.rootPath)"))
        case .websocket(let request):
            _ = try await receive()
            try await send(.websocketAccept())
            try await send(.websocketSend(text: "ws saw \(request.path) under \(request.rootPath)"))
            try await send(.websocketClose())
        default:
            throw PAGIError.unsupportedScope(scope.type)
        }
    }

    static func app() -> SimpleApp {
        let admin = SimpleApp(name: "admin")
        admin.get("/") { _ in .text("admin home") }
        admin.get("/users/:id", name: "admin_user") { context in
            .text("admin user \(context.parameter("id")!) at \(try context.url(for: "admin_user", parameters: ["id": "9"]))")
        }

        let blog = SimpleApp(name: "blog")
        blog.get("/posts") { _ in .text("blog posts") }

        let app = SimpleApp()
        let tagging = MiddlewareFunction { inner in
            { scope, receive, send in
                try await inner(scope, receive) { event in
                    guard case .httpResponseStart(var start) = event else { return try await send(event) }
                    start.headers.append("x-mounted", "admin")
                    try await send(.httpResponseStart(start))
                }
            }
        }
        app.mount("/admin", admin, middleware: [tagging])
        app.mount("/legacy/", raw)
        app.mount("/site", blog, passThrough: true)
        app.get("/site/about") { _ in .text("parent about") }
        app.get("/adminx") { _ in .text("not the admin") }
        return app
    }

    let client = TestClient(app: MountTests.app().application)

    @Test func theMountedAppSeesThePrefixInRootPath() async throws {
        let home = try await self.client.get("/admin")
        #expect(home.text == "admin home" && home.headers.first("x-mounted")?.text == "admin")
        #expect(try await self.client.get("/admin/users/3").text == "admin user 3 at /admin/users/9")
        #expect(try await self.client.get("/legacy/a%20b?x=1").text == "raw saw /a b under /legacy")
        #expect(try await self.client.get("/adminx").text == "not the admin")
    }

    @Test func passThroughFallsBackToTheParentsRoutesOn404() async throws {
        #expect(try await self.client.get("/site/posts").text == "blog posts")
        #expect(try await self.client.get("/site/about").text == "parent about")
        #expect(try await self.client.get("/site/nothing").status == .notFound)
    }

    @Test func webSocketScopesAreMountedToo() async throws {
        let ws = try await self.client.websocket("/legacy/chat/room")
        #expect(try await ws.receiveText() == "ws saw /chat/room under /legacy")
    }

    /// Without a mount for it, a WebSocket handshake is refused: 404 where the server can send
    /// a denial response, a close (the server's 403) where it cannot.
    @Test func aWebSocketWithNoRouteIsRefused() async throws {
        do {
            _ = try await self.client.websocket("/chat")
            Issue.record("the handshake was accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .notFound && response.text == "Not Found")
        }
        var configuration = TestClient.Configuration()
        configuration.extensions.websocketHTTPResponse = false
        let plain = TestClient(app: MountTests.app().application, configuration: configuration)
        do {
            _ = try await plain.websocket("/chat")
            Issue.record("the handshake was accepted")
        } catch TestClientError.websocketDenied(let response) {
            #expect(response.status == .forbidden)
        }
    }

    @Test func theRootCannotBeAMount() {
        let app = SimpleApp()
        app.mount("/", Self.raw)
        #expect(throws: RouteError.self) { _ = try app.build() }
    }
}

@Suite struct SharedStateTests {
    /// The parent's services and a request's stash reach a mounted Simple application; what the
    /// mounted application writes to the stash is visible to the layers above it afterwards.
    @Test func stashAndServicesAreSharedWithMountedApps() async throws {
        let inner = SimpleApp(name: "inner")
        inner.get("/who") { context in
            context.stash["seen-by-inner"] = true
            return .text("\(context.stash["user"] as? String ?? "?") via \(context.services["mailer"] as? String ?? "?")")
        }
        let app = SimpleApp()
        app.services["mailer"] = "smtp"
        app.use(MiddlewareFunction { next in
            { scope, receive, send in
                let stash = SharedValues()
                stash["user"] = "ada"
                var scope = scope
                scope.request?[.stash] = stash
                try await next(scope, receive) { event in
                    guard case .httpResponseStart(var start) = event else { return try await send(event) }
                    // The mounted application's handler has run by now.
                    start.headers.append("x-inner-wrote", stash["seen-by-inner"] as? Bool == true ? "yes" : "no")
                    try await send(.httpResponseStart(start))
                }
            }
        })
        app.mount("/inner", inner)
        app.get("/own") { context in .text("\(context.stash["user"] as? String ?? "?") via \(context.services["mailer"] as? String ?? "?")") }
        let client = TestClient(app: app.application)
        let mounted = try await client.get("/inner/who")
        #expect(mounted.text == "ada via smtp")
        #expect(mounted.headers.first("x-inner-wrote")?.text == "yes")
        #expect(try await client.get("/own").text == "ada via smtp")
    }

    /// Without a layer that sets one, each request gets a fresh stash: nothing leaks between requests.
    @Test func eachRequestHasItsOwnStash() async throws {
        let app = SimpleApp()
        app.get("/count") { context in
            let before = context.stash["count"] as? Int ?? 0
            context.stash["count"] = before + 1
            return .text("\(before + 1)")
        }
        let client = TestClient(app: app.application)
        #expect(try await client.get("/count").text == "1")
        #expect(try await client.get("/count").text == "1")
    }
}

@Suite struct SSEScopeTests {
    /// The response an SSE request got instead of an event stream; `nil` when a stream started.
    static func declined(_ client: TestClient, _ target: String) async throws -> TestResponse? {
        do {
            _ = try await client.sse(target)
            return nil
        } catch TestClientError.sseDeclined(let response) {
            return response
        }
    }

    /// A request asking for `text/event-stream` reaches the HTTP routes (and static files),
    /// answered through the sse scope's HTTP response events; a mounted application gets the
    /// sse scope itself, under its prefix.
    @Test func httpRoutesAnswerSSERequestsAndMountsGetTheScope() async throws {
        let directory = try TemporaryDirectory(files: ["feed.txt": "not a stream"])
        let app = SimpleApp()
        app.get("/page") { _ in .text("a page") }
        app.staticFiles("/files", directory: directory.path)
        app.mount("/events") { scope, _, send in
            guard case .sse(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
            try await send(.sseStart(ResponseStart(status: .ok)))
            try await send(.sseSend(SSEEvent(data: "\(request.path) under \(request.rootPath)")))
            try await send(.sseClose())
        }
        let client = TestClient(app: app.application)
        let page = try #require(try await Self.declined(client, "/page"))
        #expect(page.status == .ok && page.text == "a page")
        #expect(try await Self.declined(client, "/missing")?.status == .notFound)
        let file = try #require(try await Self.declined(client, "/files/feed.txt"))
        #expect(file.status == .ok && file.text == "not a stream")
        let stream = try await client.sse("/events/live")
        #expect(try await stream.next()?.data == "/live under /events")
    }
}

@Suite struct DevelopmentLintTests {
    /// In development mode a mounted application that breaks the contract is reported in the log.
    @Test func developmentModeLintsTheApplication() async throws {
        let handler = RecordingLogHandler()
        let app = SimpleApp(name: "shop", mode: .development, logger: Logger(label: "test") { _ in handler })
        app.mount("/legacy") { _, _, send in
            try await send(.httpResponseStart(status: .ok, headers: [:]))
            try await send(.httpResponseBody(ByteBuffer(string: "half"), more: true))
        }
        var configuration = TestClient.Configuration()
        configuration.raiseAppErrors = false
        _ = try await TestClient(app: app.application, configuration: configuration).get("/legacy/x")
        #expect(handler.entries.map(\.message) == ["Lint (shop): returned before finishing its http answer"])
        let production = SimpleApp(mode: .production, logger: Logger(label: "test") { _ in handler })
        production.mount("/legacy") { _, _, _ in }
        _ = try await TestClient(app: production.application, configuration: configuration).get("/legacy/x")
        #expect(handler.entries.count == 1)
    }
}
