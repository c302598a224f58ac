import HTTPTypes
import NIOCore
import PAGI
@testable import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct RewriteTests {
    /// Answers with the path, raw path and query it saw, and the original path.
    static let where_: Application = { scope, _, send in
        let request = scope.request!
        let text = "\(request.path) \(request.rawPath) \(request.queryString) \(request[.originalPath] ?? "-")"
        if case .websocket = scope {
            try await send(.websocketAccept())
            try await send(.websocketSend(text: text))
            try await send(.websocketClose())
            return
        }
        try await send(.httpResponseStart(status: .ok))
        try await send(.httpResponseBody(text))
    }

    static let client = Plumbing.client(Rewrite([
        .exact("/about-us", to: "/about"),
        .prefix("/blog/", to: "/articles"),
        .regex(#/^\/users\/(\d+)$/#, to: "/people/$1"),
        try! .regex(#"^/p/(?<id>\d+)$"#, to: "/products?id=${id}"),
        .exact("/café", to: "/thé"),
        .regex(#/^\/same$/#, to: "/same"),
        .exact("/old", to: "/new").redirect(),
        .exact("/gone", to: "https://example.org/moved?a=1").redirect(.found),
        .regex(#/^\/first/#, to: "/one"),
        .regex(#/^\/first/#, to: "/two"),
    ]).wrap(where_))

    @Test func internalRewritesChangePathAndRawPathAndKeepTheQuery() async throws {
        #expect(try await Self.client.get("/about-us?x=1").text == "/about /about x=1 /about-us")
        #expect(try await Self.client.get("/about-us/more").text == "/about-us/more /about-us/more  -")
        #expect(try await Self.client.get("/blog").text == "/articles /articles  /blog")
        #expect(try await Self.client.get("/blog/2024/x").text == "/articles/2024/x /articles/2024/x  /blog/2024/x")
        #expect(try await Self.client.get("/blogs").text == "/blogs /blogs  -")
        #expect(try await Self.client.get("/users/42").text == "/people/42 /people/42  /users/42")
        #expect(try await Self.client.get("/users/x").text == "/users/x /users/x  -")
        #expect(try await Self.client.get("/p/7?page=2").text == "/products /products id=7&page=2 /p/7")
        #expect(try await Self.client.get("/caf%C3%A9").text == "/thé /th%C3%A9  /café")
        #expect(try await Self.client.get("/first").text == "/one /one  /first")
        #expect(try await Self.client.get("/same").text == "/same /same  -")
    }

    @Test func redirects() async throws {
        let moved = try await Self.client.get("/old?x=1")
        #expect(moved.status == .movedPermanently && moved.headers[.location] == "/new?x=1")
        let found = try await Self.client.get("/gone?b=2")
        #expect(found.status == .found && found.headers[.location] == "https://example.org/moved?a=1&b=2")
        #expect(try await Self.client.post("/old").status == .permanentRedirect)
        #expect(try await Self.client.post("/gone").status == .temporaryRedirect)
        let everything = Plumbing.client(Rewrite([.prefix("/v1", to: "/v2")], redirect: true, redirectStatus: .seeOther).wrap(Self.where_)) { $0.rootPath = "/api" }
        let mounted = try await everything.get("/v1/é")
        #expect(mounted.status == .seeOther && mounted.headers[.location] == "/api/v2/%C3%A9")
    }

    @Test func webSocketsAreRewrittenToo() async throws {
        #expect(try await Self.client.websocket("/users/9").receiveText() == "/people/9 /people/9  /users/9")
    }

    @Test func templateSubstitution() throws {
        let output = try #require("/a/bc/d".firstMatch(of: try Regex<AnyRegexOutput>(#"/(\w)/(?<two>\w+)/(\w)"#))).output
        let identity: (String) -> String = { $0 }
        #expect(Rewrite.Rule.substitute(output, into: "$1-${two}-$3-$0-$$-$-${9}-$9", encoding: identity) == "a-bc-d-/a/bc/d-$-$--")
        #expect(Rewrite.Rule.substitute(output, into: "x$2y", encoding: { "[\($0)]" }) == "x[bc]y")
        #expect(throws: (any Error).self) { try Rewrite.Rule.regex("(", to: "/") }
    }
}
