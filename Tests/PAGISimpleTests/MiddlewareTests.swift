import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
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
