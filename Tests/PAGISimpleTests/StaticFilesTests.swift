#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct StaticFilesTests {
    let directory: TemporaryDirectory
    let outside: TemporaryDirectory
    let client: TestClient

    init() throws {
        let outside = try TemporaryDirectory(files: ["secret.txt": "top secret"])
        let directory = try TemporaryDirectory(files: [
            "public/css/site.css": "body {}",
            "public/index.html": "<h1>home</h1>",
            "public/docs/index.html": "<h1>docs</h1>",
            "public/empty/readme.md": "# no index",
            "public/.env": "PASSWORD=1",
            "public/a b.txt": "spaced",
            "public/override.txt": "from disk",
        ])
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/public/escape", withDestinationPath: outside.path)
        let app = SimpleApp()
        app.get("/static/override.txt") { _ in .text("from the route") }
        app.post("/static/form") { _ in .text("posted") }
        app.staticFiles("/static", directory: directory.path + "/public")
        self.directory = directory
        self.outside = outside
        self.client = TestClient(app: app.application)
    }

    @Test func filesUnderThePrefix() async throws {
        let css = try await self.client.get("/static/css/site.css")
        #expect(css.status == .ok && css.text == "body {}" && css.headers.first(.contentType) == "text/css; charset=utf-8")
        #expect(try await self.client.get("/static/a%20b.txt").text == "spaced")
        #expect(try await self.client.get("/static/nope.css").status == .notFound)
        let range = try await self.client.get("/static/css/site.css", headers: ["range": "bytes=0-3"])
        #expect(range.status == .partialContent && range.text == "body")
    }

    @Test func routesComeFirst() async throws {
        #expect(try await self.client.get("/static/override.txt").text == "from the route")
        #expect(try await self.client.post("/static/form").text == "posted")
    }

    @Test func indexFilesAndTheTrailingSlash() async throws {
        #expect(try await self.client.get("/static/").text == "<h1>home</h1>")
        #expect(try await self.client.get("/static/docs/").text == "<h1>docs</h1>")
        let bare = try await self.client.get("/static/docs?lang=en")
        #expect(bare.status == .movedPermanently && bare.headers.first(.location) == "/static/docs/?lang=en")
        #expect(try await self.client.get("/static/empty/").status == .notFound)
    }

    @Test func traversalIsRefusedHowEverItIsSpelled() async throws {
        for path in ["/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/css/%2E%2E/%2e%2e/x", "/static/css%2fsite.css", "/static/..%5csecret", "/static/%00"] {
            #expect(try await self.client.get(path).status == .forbidden, "\(path)")
        }
        // A link that leads out of the directory counts as missing.
        #expect(try await self.client.get("/static/escape/secret.txt").status == .notFound)
    }

    @Test func hiddenFilesStayHidden() async throws {
        #expect(try await self.client.get("/static/.env").status == .notFound)
    }

    @Test func onlyGetAndHead() async throws {
        let put = try await self.client.put("/static/css/site.css", body: .text("x"))
        #expect(put.status == .methodNotAllowed && put.headers.first(.allow) == "GET, HEAD, OPTIONS")
        let head = try await self.client.head("/static/css/site.css")
        #expect(head.status == .ok && head.body.readableBytes == 0 && head.headers.first(.contentLength) == "7")
    }

    @Test func aMissingDirectoryFailsTheBuild() {
        let app = SimpleApp()
        app.staticFiles("/assets", directory: "/nonexistent/pagi-assets")
        #expect(throws: RouteError.self) { try app.build() }
    }
}
