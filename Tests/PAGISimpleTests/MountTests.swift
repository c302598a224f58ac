import HTTPTypes
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

    @Test func theRootCannotBeAMount() {
        let app = SimpleApp()
        app.mount("/", Self.raw)
        #expect(throws: RouteError.self) { _ = try app.build() }
    }
}
