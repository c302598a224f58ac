import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct CSRFTests {
    /// Answers with the token it was given and the body it read.
    static let app: Application = { scope, receive, send in
        let token = scope.request![.csrfToken] ?? "-"
        let body = try await readBody(from: receive)
        try await send(.httpResponseStart(status: .ok, headers: [:]))
        try await send(.httpResponseBody(ByteBuffer(string: "\(token) \(String(buffer: body))")))
    }

    static func client(_ csrf: CSRF = CSRF()) -> TestClient { TestClient(app: csrf.wrap(Self.app)) }

    @Test func safeRequestsGetATokenAndItsCookie() async throws {
        let client = Self.client()
        let first = try await client.get("/form")
        let token = try #require(first.headers.cookie("csrf_token"))
        #expect(first.headers.setCookie("csrf_token") == "csrf_token=\(token); Path=/; SameSite=Lax")
        #expect(first.text == "\(token) " && token.count == 43)
        // The cookie is kept: the same token, no new cookie.
        let again = try await client.get("/form", headers: ["cookie": "csrf_token=\(token)"])
        #expect(again.text == "\(token) " && !again.headers.contains(.setCookie))
        #expect(try await client.get("/form").headers.cookie("csrf_token") != token)
    }

    @Test func unsafeRequestsNeedTheTokenInTheHeader() async throws {
        let client = Self.client()
        let cookie: Headers = ["cookie": "csrf_token=abc"]
        #expect(try await client.post("/", headers: cookie).status == .forbidden)
        let wrong = try await client.post("/", headers: ["cookie": "csrf_token=abc", "x-csrf-token": "abd"])
        #expect(wrong.status == .forbidden && wrong.text == "CSRF token missing or incorrect")
        #expect(try await client.post("/", headers: ["x-csrf-token": "abc"]).status == .forbidden)
        let right = try await client.delete("/", headers: ["cookie": "csrf_token=abc", "x-csrf-token": "abc"])
        #expect(right.status == .ok && right.text == "abc ")
    }

    @Test func formsCarryTheTokenAndTheBodyReachesTheAppUnchanged() async throws {
        let client = Self.client()
        let form: Headers = ["cookie": "csrf_token=t%2B1", "content-type": "application/x-www-form-urlencoded"]
        let body = "name=Ada&_csrf_token=t%2B1&x=1"
        let ok = try await client.post("/", headers: form, body: .chunks([ByteBuffer(string: "name=Ada&_csrf"), ByteBuffer(string: "_token=t%2B1&x=1")]))
        #expect(ok.status == .ok && ok.text == "t+1 \(body)")
        #expect(try await client.post("/", headers: form, body: "name=Ada&_csrf_token=t1").status == .forbidden)
        // Only urlencoded forms are read.
        let json: Headers = ["cookie": "csrf_token=t1", "content-type": "application/json"]
        #expect(try await client.post("/", headers: json, body: #"{"_csrf_token":"t1"}"#).status == .forbidden)
    }

    @Test func aFormLargerThanTheLimitIs413() async throws {
        let client = Self.client(CSRF(maxFormSize: 16))
        let form: Headers = ["cookie": "csrf_token=t1", "content-type": "application/x-www-form-urlencoded"]
        #expect(try await client.post("/", headers: form, body: "_csrf_token=t1&pad=0123456789").status == .contentTooLarge)
        // Without a cookie there is nothing to compare with: 403, the body unread.
        let noCookie: Headers = ["content-type": "application/x-www-form-urlencoded"]
        #expect(try await client.post("/", headers: noCookie, body: "_csrf_token=t1&pad=0123456789").status == .forbidden)
    }

    @Test func withASessionTheTokenLivesInTheSession() async throws {
        let client = TestClient(app: MiddlewareStack { Session(); CSRF() }.wrap(Self.app))
        let page = try await client.get("/form")
        #expect(page.headers.cookie("csrf_token") == nil)
        let session = try #require(page.headers.cookie("pagi_session"))
        let token = String(page.text.dropLast())
        let post = try await client.post("/", headers: ["cookie": "pagi_session=\(session)", "x-csrf-token": ByteString(token)])
        #expect(post.status == .ok && post.text == "\(token) ")
        // Another session, or none: the token is not valid.
        let other = try #require(try await client.get("/form").headers.cookie("pagi_session"))
        #expect(try await client.post("/", headers: ["cookie": "pagi_session=\(other)", "x-csrf-token": ByteString(token)]).status == .forbidden)
        #expect(try await client.post("/", headers: ["cookie": "csrf_token=\(token)", "x-csrf-token": ByteString(token)]).status == .forbidden)
    }

    @Test func theSessionKeyIsAnOption() async throws {
        let app = MiddlewareStack { Session(); CSRF(sessionKey: "csrf") }.wrap(answer { request in
            let session = request[.session]!
            return "\(session["csrf"] == request[.csrfToken]) \(session["_csrf_token"] ?? "-")"
        })
        #expect(try await TestClient(app: app).get("/").text == "true -")
    }

    @Test func aSignedCookieRefusesPlantedTokens() async throws {
        let signer = CookieSigner(secret: "a csrf secret of 32 bytes or so.")
        let client = Self.client(CSRF(signer: signer))
        let page = try await client.get("/form")
        let cookie = try #require(page.headers.cookie("csrf_token"))
        let token = String(page.text.dropLast())
        #expect(cookie == signer.sign(token, name: "csrf_token"))
        #expect(try await client.post("/", headers: ["cookie": ByteString("csrf_token=\(cookie)"), "x-csrf-token": ByteString(token)]).status == .ok)
        #expect(try await client.post("/", headers: ["cookie": "csrf_token=planted", "x-csrf-token": "planted"]).status == .forbidden)
    }

    @Test func headerNameFieldCookieAndSafeMethodsAreOptions() async throws {
        let csrf = CSRF(headerName: "x-xsrf", formField: "token", cookie: CookieSettings(name: "xsrf", secure: true), safeMethods: [.get])
        let client = Self.client(csrf)
        #expect(try await client.get("/").headers.setCookie("xsrf")?.hasSuffix("; Path=/; Secure; HttpOnly; SameSite=Lax") == true)
        #expect(try await client.head("/", headers: ["cookie": "xsrf=t"]).status == .forbidden)
        #expect(try await client.post("/", headers: ["cookie": "xsrf=t", "x-xsrf": "t"]).status == .ok)
        let form: Headers = ["cookie": "xsrf=t", "content-type": "application/x-www-form-urlencoded"]
        #expect(try await client.post("/", headers: form, body: "token=t").status == .ok)
    }

    @Test func unsafeEventStreamsAreCheckedAndWebSocketsPass() async throws {
        let client = TestClient(app: CSRF().wrap(answer { $0[.csrfToken] ?? "none" }))
        do {
            _ = try await client.sse("/events", method: .post)
            Issue.record("expected a refusal")
        } catch TestClientError.sseDeclined(let response) {
            #expect(response.status == .forbidden)
        }
        let socket = try await client.websocket("/")
        #expect(try await socket.receiveText() == "none")
    }
}
