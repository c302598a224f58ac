import HTTPTypes
import Logging
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct RoutingTests {
    /// An application whose routes answer with their own description and parameters.
    static func app() -> SimpleApp {
        let app = SimpleApp()
        app.get("/") { _ in .text("root") }
        app.get("/users/new") { _ in .text("new user form") }
        app.get("/users/:id", where: ["id": .int], name: "user") { context in
            .text("user \(try context.parameter("id", as: Int.self))")
        }
        app.get("/users/:name/profile") { context in .text("profile of \(context.parameter("name")!)") }
        app.post("/users") { context in .text("created \(try await context.text())", status: .created) }
        app.delete("/users/:id", where: ["id": .int]) { _ in .empty() }
        app.get("/files/*path", name: "file") { context in .text("file \(context.parameter("path")!)") }
        app.get("/items/:uuid", where: ["uuid": .uuid]) { context in .text("item \(context.parameter("uuid")!)") }
        app.any("/anything") { context in .text("any \(context.method.rawValue)") }
        app.group("/api") { api in
            api.get("/status") { _ in .text("ok") }
            api.group("/v1") { v1 in
                v1.get("/things/:id", name: "thing") { context in .text("thing \(context.parameter("id")!)") }
            }
        }
        return app
    }

    let client = TestClient(app: RoutingTests.app().application)

    @Test func literalsWinOverParametersAndParametersOverCatchAlls() async throws {
        #expect(try await self.client.get("/").text == "root")
        #expect(try await self.client.get("/users/new").text == "new user form")
        #expect(try await self.client.get("/users/42").text == "user 42")
        #expect(try await self.client.get("/users/alice/profile").text == "profile of alice")
        #expect(try await self.client.get("/files/a/b/c.txt").text == "file a/b/c.txt")
        #expect(try await self.client.get("/files/").text == "file ")
    }

    @Test func parametersArePercentDecodedAndATrailingSlashIsIgnored() async throws {
        #expect(try await self.client.get("/users/J%C3%BCrgen%20K/profile").text == "profile of Jürgen K")
        #expect(try await self.client.get("/users/42/").text == "user 42")
        #expect(try await self.client.get("/api/status/").text == "ok")
    }

    @Test func aConstraintThatFailsAnswers404() async throws {
        #expect(try await self.client.get("/users/forty-two").status == .notFound)
        #expect(try await self.client.get("/items/123e4567-e89b-12d3-a456-426614174000").text == "item 123e4567-e89b-12d3-a456-426614174000")
        #expect(try await self.client.get("/items/not-a-uuid").status == .notFound)
        #expect(try await self.client.get("/nowhere").status == .notFound)
    }

    @Test func aWrongMethodAnswers405WithAllow() async throws {
        let response = try await self.client.put("/users/42")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers.first(.allow)?.text == "DELETE, GET, HEAD, OPTIONS")
        #expect(try await self.client.delete("/users/42").status == .noContent)
    }

    @Test func headRunsGetWithoutABodyAndOptionsAnswersAllow() async throws {
        let head = try await self.client.head("/users/42")
        #expect(head.status == .ok && head.body.readableBytes == 0)
        #expect(head.headers.first(.contentLength)?.text == "7")
        let options = try await self.client.options("/users")
        #expect(options.status == .noContent)
        #expect(options.headers.first(.allow)?.text == "OPTIONS, POST")
    }

    @Test func anyRouteTakesEveryMethod() async throws {
        #expect(try await self.client.patch("/anything").text == "any PATCH")
        #expect(try await self.client.get("/anything").text == "any GET")
    }

    @Test func bodiesAndGroups() async throws {
        let created = try await self.client.post("/users", body: .text("bob"))
        #expect(created.status == .created && created.text == "created bob")
        #expect(try await self.client.get("/api/v1/things/7").text == "thing 7")
    }

    @Test func namedRoutesBuildURLsAndFailLoudly() async throws {
        let app = SimpleApp(mode: .development, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        app.get("/links") { context in
            let user = try context.url(for: "user", parameters: ["id": "42"], query: ["tab": "posts", "a": "b c"])
            let file = try context.url(for: "file", parameters: ["path": "docs/read me.txt"])
            return .text("\(user) \(file)")
        }
        app.get("/users/:id", name: "user") { _ in .empty() }
        app.get("/files/*path", name: "file") { _ in .empty() }
        app.get("/broken") { context in .text(try context.url(for: "user")) }
        let client = TestClient(app: app.application)
        #expect(try await client.get("/links").text == "/users/42?a=b%20c&tab=posts /files/docs/read%20me.txt")
        let broken = try await client.get("/broken")
        #expect(broken.status == .internalServerError && broken.text.hasSuffix("URLError: The route 'user' needs the parameter 'id'"))
    }

    @Test func invalidRoutesAreRefusedAtBuildTime() {
        func building(_ register: (SimpleApp) -> Void) -> RouteError? {
            let app = SimpleApp()
            register(app)
            do {
                _ = try app.build()
                return nil
            } catch {
                return error
            }
        }
        let handler: Handler = { _ in .empty() }
        #expect(building { $0.get("users", handler) } == .invalidPattern("users", "a pattern starts with '/'"))
        #expect(building { $0.get("/a/:", handler) } == .invalidPattern("/a/:", "a parameter needs a name"))
        #expect(building { $0.get("/a/:x/:x", handler) } == .invalidPattern("/a/:x/:x", "the parameter 'x' appears twice"))
        #expect(building { $0.get("/a/*rest/b", handler) } == .invalidPattern("/a/*rest/b", "'*rest' must be the last segment"))
        #expect(building { $0.get("/a/:id", handler); $0.get("/a/:other", handler) } == .duplicateRoute(method: "GET", pattern: "/a/:other"))
        #expect(building { $0.get("/a", name: "n", handler); $0.get("/b", name: "n", handler) } == .duplicateName("n"))
        #expect(building { $0.get("/a/:id", where: ["ID": .int], handler) } == .unknownParameter(pattern: "/a/:id", name: "ID"))
        #expect(building { $0.get("/a/:id", where: ["id": .int], handler); $0.get("/a/:slug", handler) } == nil)
    }
}

@Suite struct ErrorHandlingTests {
    @Test func thrownHTTPErrorsAndCustomHandlers() async throws {
        let app = SimpleApp()
        app.get("/teapot") { _ in try abort(.init(code: 418), "short and stout") }
        app.get("/gone") { _ in throw HTTPError(.gone) }
        app.error(.notFound) { context, _ in try .json(["error": "Not Found", "path": context.path]) }
        let client = TestClient(app: app.application)
        let teapot = try await client.get("/teapot")
        #expect(teapot.status.code == 418 && teapot.text == "short and stout")
        #expect(try await client.get("/gone").text == "Gone")
        let missing = try await client.get("/missing/page")
        #expect(missing.status == .notFound)
        #expect(missing.text == #"{"error":"Not Found","path":"/missing/page"}"#)
        #expect(missing.headers.first(.contentType)?.text == "application/json")
    }

    @Test func aTypedParameterThatDoesNotParseIs404() async throws {
        let app = SimpleApp()
        app.get("/pages/:n") { context in .text("page \(try context.parameter("n", as: Int.self))") }
        let client = TestClient(app: app.application)
        #expect(try await client.get("/pages/3").text == "page 3")
        #expect(try await client.get("/pages/three").status == .notFound)
    }

    @Test func aBodyOverItsLimitIs413() async throws {
        let app = SimpleApp()
        app.post("/upload") { context in .text("\(try await context.body(limit: 4).readableBytes)") }
        let client = TestClient(app: app.application)
        #expect(try await client.post("/upload", body: .text("1234")).text == "4")
        #expect(try await client.post("/upload", body: .text("12345")).status == .contentTooLarge)
    }

    @Test func queryParametersAreAMultiMap() async throws {
        let app = SimpleApp()
        app.get("/search") { context in
            .text("\(context.query["q"] ?? "-") \(context.query.values(for: "tag").joined(separator: ","))")
        }
        let client = TestClient(app: app.application)
        #expect(try await client.get("/search?q=caf%C3%A9+au+lait&tag=a&tag=b&empty").text == "café au lait a,b")
        #expect(try await client.get("/search?q=%FF").text == "\u{FFFD} ")
    }

    struct DatabaseDown: Error, CustomStringConvertible {
        var description: String { "connection refused by db.internal:5432" }
    }

    static func failing(_ mode: SimpleApp.Mode) -> TestClient {
        let app = SimpleApp(mode: mode, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        app.get("/fail") { _ in throw DatabaseDown() }
        app.get("/custom") { _ in throw DatabaseDown() }
        return TestClient(app: app.application)
    }

    @Test func productionNeverShowsAnErrorsText() async throws {
        let response = try await Self.failing(.production).get("/fail")
        #expect(response.status == .internalServerError && response.text == "Internal Server Error")
    }

    @Test func developmentShowsTheError() async throws {
        let response = try await Self.failing(.development).get("/fail")
        #expect(response.status == .internalServerError)
        #expect(response.text.hasPrefix("Internal Server Error\n\n") && response.text.contains("DatabaseDown"))
    }

    @Test func aHandlerFor500RendersUnexpectedErrors() async throws {
        let app = SimpleApp(mode: .production, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        app.get("/fail") { _ in throw DatabaseDown() }
        app.error(.internalServerError) { _, error in try .json(["error": error.message]) }
        let response = try await TestClient(app: app.application).get("/fail")
        #expect(response.status == .internalServerError && response.text == #"{"error":"Internal Server Error"}"#)
    }

    struct OutOfStock: RenderableError, CustomStringConvertible {
        let item: String
        var status: HTTPResponse.Status { .conflict }
        var description: String { "\(self.item) is out of stock" }
        func response(for context: Context) async throws -> Response {
            try .json(["error": "out of stock", "item": self.item, "path": context.path], status: self.status).header("retry-after", "60")
        }
    }

    @Test func errorsThatRenderThemselves() async throws {
        let app = SimpleApp()
        app.get("/buy/:item") { context in throw OutOfStock(item: context.parameter("item")!) }
        let own = try await TestClient(app: app.application).get("/buy/tea")
        #expect(own.status == .conflict && own.text == #"{"error":"out of stock","item":"tea","path":"/buy/tea"}"#)
        #expect(own.headers.first("retry-after") == "60")
        // An application's handler for the status takes precedence.
        app.error(.conflict) { _, error in .text("handled: \(error.message)") }
        let handled = try await TestClient(app: app.application).get("/buy/tea")
        #expect(handled.status == .conflict && handled.text == "handled: tea is out of stock")
    }
}
