import NIOCore
import PAGI
import PAGIMiddleware
import Synchronization
import Testing

/// No middleware changes the scope it was given: each passes the application a changed copy,
/// and the caller's scope (shared storage included) reads as before.
@Suite struct ScopeIsolationTests {
    static let names = [
        "ReverseProxy", "MethodOverride", "Rewrite", "RequestId", "Cookies", "Session", "CSRF",
        "ContentNegotiation", "JSONBody", "BasicAuth", "SSERetry", "URLMap",
    ]

    /// The middleware that change the scope they pass on; `mounted` is what URLMap mounts.
    static func changers(mounted: @escaping Application) -> [(String, any Middleware)] { [
        ("ReverseProxy", try! ReverseProxy(trustedProxies: "127.0.0.1")),
        ("MethodOverride", MethodOverride()),
        ("Rewrite", Rewrite([.prefix("/old", to: "/new")])),
        ("RequestId", RequestId()),
        ("Cookies", Cookies()),
        ("Session", Session()),
        ("CSRF", CSRF()),
        ("ContentNegotiation", ContentNegotiation(supportedTypes: ["text/html"])),
        ("JSONBody", JSONBody()),
        ("BasicAuth", BasicAuth(users: ["ann": "secret"])),
        ("SSERetry", SSERetry()),
        ("URLMap", URLMap([Mount("/old", mounted)])),
    ] }

    static func answer(_ send: Send) async throws {
        try await send(.httpResponseStart(status: .ok, headers: [:]))
        try await send(.httpResponseBody(ByteBuffer(string: "ok")))
    }

    /// Everything a middleware here could change, as one comparable line.
    static func describe(_ request: RequestScope) -> String {
        [
            "\(request.method)", request.path, request.rootPath, request.scheme, "\(String(describing: request.client))",
            "\(request.headers.map { "\($0.name.rawValue)=\($0.value)" })",
            "\(request[.requestID] == nil)", "\(request[.cookies] == nil)", "\(request[.session] == nil)",
            "\(request[.csrfToken] == nil)", "\(request[.auth] == nil)", "\(request[.parsedJSON] == nil)",
            "\(request[.originalMethod] == nil)", "\(request[.originalPath] == nil)", "\(request[.preferredContentType] == nil)",
            "\(request[.sseRetry] == nil)",
        ].joined(separator: " | ")
    }

    @Test(arguments: Self.names)
    func theCallersScopeStaysAsItWas(name: String) async throws {
        // CSRF hands out its token on a safe method; SSERetry acts on event streams.
        let original = RequestScope(
            method: name == "CSRF" ? .get : .post,
            path: "/old/page",
            headers: [
                "x-forwarded-for": "203.0.113.5", "x-forwarded-proto": "https", "x-http-method-override": "DELETE",
                "cookie": "a=1", "accept": "text/html", "content-type": "application/json",
                "authorization": "Basic YW5uOnNlY3JldA==",
            ],
            client: .tcp(host: "127.0.0.1", port: 5555)
        )
        let before = Self.describe(original)
        let seen = Mutex<String?>(nil)
        let recorder: Application = { scope, _, send in
            seen.withLock { $0 = scope.request.map(Self.describe) }
            try await Self.answer(send)
        }
        let middleware = try #require(Self.changers(mounted: recorder).first { $0.0 == name }?.1)
        let app = middleware.wrap(recorder)
        let body = Mutex(true)
        let receive: Receive = {
            body.withLock { first in
                defer { first = false }
                return first ? .httpRequest(ByteBuffer(string: "{}"), more: false) : .httpDisconnect(reason: nil)
            }
        }
        try await app(name == "SSERetry" ? .sse(original) : .http(original), receive, { _ in })
        #expect(Self.describe(original) == before)
        // The test means something only where the application saw a changed scope.
        let inner = try #require(seen.withLock { $0 }, "\(name) did not call the application")
        #expect(inner != before, "\(name) changed nothing")
    }
}
