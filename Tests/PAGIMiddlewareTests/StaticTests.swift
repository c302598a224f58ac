#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct StaticTests {
    let directory: TemporaryDirectory
    let outside: TemporaryDirectory

    init() throws {
        self.outside = try TemporaryDirectory(files: ["secret.txt": "top secret"])
        self.directory = try TemporaryDirectory(files: [
            "index.htm": "<h1>home</h1>", "css/site.css": "body {}", ".env": "X=1", "docs/index.html": "<h1>docs</h1>",
        ])
        try FileManager.default.createSymbolicLink(atPath: self.directory.path + "/escape", withDestinationPath: self.outside.path)
    }

    func client(prefix: String = "/", passThrough: Bool = false, showHidden: Bool = false) throws -> TestClient {
        let app = try Static(root: self.directory.path, prefix: prefix, showHidden: showHidden, passThrough: passThrough).wrap(echoPath("app"))
        return TestClient(app: app)
    }

    @Test func servesFilesWithValidatorsAndRanges() async throws {
        let client = try self.client()
        let css = try await client.get("/css/site.css")
        #expect(css.status == .ok && css.text == "body {}" && css.headers.first(.contentType) == "text/css; charset=utf-8")
        #expect(css.headers.first(.contentLength) == "7" && css.headers.contains(.eTag) && css.headers.contains(.lastModified))
        let etag = try #require(css.headers.first(.eTag))
        #expect(try await client.get("/css/site.css", headers: ["if-none-match": etag]).status == .notModified)
        let part = try await client.get("/css/site.css", headers: ["range": "bytes=0-3"])
        #expect(part.status == .partialContent && part.text == "body" && part.headers.first(.contentRange) == "bytes 0-3/7")
        #expect(try await client.get("/css/site.css", headers: ["range": "bytes=9-"]).status == .rangeNotSatisfiable)
        let head = try await client.head("/css/site.css")
        #expect(head.status == .ok && head.body.readableBytes == 0 && head.headers.first(.contentLength) == "7")
        #expect(try await client.get("/").text == "<h1>home</h1>")
        let bare = try await client.get("/docs?x=1")
        #expect(bare.status == .movedPermanently && bare.headers.first(.location) == "/docs/?x=1")
        #expect(try await client.get("/docs/").text == "<h1>docs</h1>")
    }

    @Test func refusals() async throws {
        let client = try self.client()
        for path in ["/../x", "/%2e%2e/x", "/css%2Fsite.css", "/a%5C..", "/%00"] {
            #expect(try await client.get(path).status == .forbidden, "\(path)")
        }
        #expect(try await client.get("/missing.txt").status == .notFound)
        #expect(try await client.get("/.env").status == .notFound)
        #expect(try await client.get("/escape/secret.txt").status == .notFound)
        let post = try await client.post("/css/site.css")
        #expect(post.status == .methodNotAllowed && post.headers.first(.allow) == "GET, HEAD, OPTIONS")
    }

    @Test func options() async throws {
        let prefixed = try self.client(prefix: "/static")
        #expect(try await prefixed.get("/static/css/site.css").text == "body {}")
        #expect(try await prefixed.get("/css/site.css").text == "app /css/site.css ")
        #expect(try await prefixed.get("/staticx").text == "app /staticx ")
        let passing = try self.client(passThrough: true)
        #expect(try await passing.get("/missing.txt").text == "app /missing.txt ")
        #expect(try await passing.post("/css/site.css").text == "app /css/site.css ")
        #expect(try await passing.get("/../x").status == .forbidden)
        #expect(try await self.client(showHidden: true).get("/.env").text == "X=1")
        #expect(throws: StaticDirectoryError.self) { try Static(root: "/nonexistent/pagi") }
        #expect(throws: StaticDirectoryError.self) { try Static(root: self.directory.path, prefix: "static") }
    }

    @Test func otherScopesGoToTheApp() async throws {
        let socket = try await self.client().websocket("/css/site.css")
        #expect(try await socket.receiveText() == "app /css/site.css ")
    }

    @Test func byteRangeParsing() {
        #expect(ByteRange.parse("bytes=0-0", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-0", size: 10) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-20", size: 10) == .range(first: 0, last: 9))
        #expect(ByteRange.parse("Bytes = 1-2", size: 10) == .range(first: 1, last: 2))
        #expect(ByteRange.parse("bytes=1-2-3", size: 10) == .ignored)
    }

    @Test func entityTagComparison() {
        #expect(EntityTagList(#"W/"a", "b""#).matches(#""a""#, weak: true))
        #expect(!EntityTagList(#"W/"a""#).matches(#""a""#, weak: false))
        #expect(!EntityTagList(#""a""#).matches(#"W/"a""#, weak: false))
        #expect(EntityTagList(#""a""#).matches(#""a""#, weak: false))
        #expect(EntityTagList(#""x,y", "b""#).matches(#""x,y""#, weak: false))
        #expect(EntityTagList("*").matches(#""z""#, weak: false))
    }
}
