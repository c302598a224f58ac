import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting
import Testing

@Suite struct SessionTests {
    struct Cart: Codable, Equatable {
        var items: [String]
    }

    /// Acts on the session as the path says, then reports its values.
    static func app(_ session: Session) -> Application {
        session.wrap(answer { request in
            let session = request[.session]!
            switch request.path {
            case "/visit": session["visits"] = String(Int(session["visits"] ?? "0")! + 1)
            case "/login":
                session["user"] = "ada"
                session.rotate()
            case "/logout": session.destroy()
            case "/clear": session.removeAll()
            case "/cart": try session.encode(Cart(items: ["tea"]), forKey: "cart")
            case "/big": session["big"] = String(repeating: "x", count: 5_000)
            default: break
            }
            let cart = try session.decode(Cart.self, forKey: "cart")
            let values = session.values.filter { $0.key != "cart" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return "\(session.isNew ? "new" : "old") \(values.joined(separator: " ")) \(cart?.items ?? [])"
        })
    }

    @Test func aSessionIsCreatedOnItsFirstValueAndComesBack() async throws {
        let client = TestClient(app: Self.app(Session()))
        let quiet = try await client.get("/")
        #expect(quiet.text == "new  []" && !quiet.headers.contains(.setCookie))
        let first = try await client.get("/visit")
        let field = try #require(first.headers.setCookie("pagi_session"))
        let id = try #require(first.headers.cookie("pagi_session"))
        #expect(field == "pagi_session=\(id); Path=/; Max-Age=3600; HttpOnly; SameSite=Lax" && id.count == 43)
        let second = try await client.get("/visit", headers: ["cookie": "pagi_session=\(id)"])
        #expect(second.text == "old visits=2 []" && second.headers.cookie("pagi_session") == id)
        let cart = try await client.get("/cart", headers: ["cookie": "pagi_session=\(id)"])
        #expect(cart.text == "old visits=2 [\"tea\"]")
    }

    @Test func cookieOptionsApply() async throws {
        let session = Session(cookie: CookieSettings(name: "sid", path: "/app", domain: "example.com", httpOnly: false, sameSite: .strict), expire: .seconds(60), rolling: false)
        let client = TestClient(app: Self.app(session)) { $0.scheme = "https" }
        let first = try await client.get("/visit")
        let id = try #require(first.headers.cookie("sid"))
        #expect(first.headers.setCookie("sid") == "sid=\(id); Path=/app; Domain=example.com; Max-Age=60; Secure; SameSite=Strict")
        // Not rolling: an unchanged session is not saved again.
        #expect(try await client.get("/", headers: ["cookie": "sid=\(id)"]).headers.setCookie("sid") == nil)
        #expect(try await client.get("/visit", headers: ["cookie": "sid=\(id)"]).headers.cookie("sid") == id)
    }

    @Test func anUnknownIdIsNeverAdoptedAndItsCookieIsRemoved() async throws {
        let client = TestClient(app: Self.app(Session()))
        let made = try await client.get("/", headers: ["cookie": "pagi_session=chosen-by-attacker"])
        #expect(made.text == "new  []")
        #expect(made.headers.setCookie("pagi_session")?.contains("Max-Age=0") == true)
        let visit = try await client.get("/visit", headers: ["cookie": "pagi_session=chosen-by-attacker"])
        #expect(visit.headers.cookie("pagi_session") != "chosen-by-attacker")
    }

    @Test func rotationMovesTheDataToANewIdAndDestroyEndsTheSession() async throws {
        let store = MemorySessionStore()
        let client = TestClient(app: Self.app(Session(store: store)))
        let before = try #require(try await client.get("/visit").headers.cookie("pagi_session"))
        let login = try await client.get("/login", headers: ["cookie": "pagi_session=\(before)"])
        let after = try #require(login.headers.cookie("pagi_session"))
        #expect(after != before && login.text == "old user=ada visits=1 []")
        #expect(await store.load(id: before) == nil)
        #expect(store.count == 1)
        let logout = try await client.get("/logout", headers: ["cookie": "pagi_session=\(after)"])
        #expect(logout.headers.setCookie("pagi_session")?.hasPrefix("pagi_session=; Path=/; Max-Age=0") == true)
        #expect(store.count == 0)
        #expect(try await client.get("/", headers: ["cookie": "pagi_session=\(after)"]).text == "new  []")
    }

    @Test func anEmptiedSessionIsDeletedWithItsCookie() async throws {
        let store = MemorySessionStore()
        let client = TestClient(app: Self.app(Session(store: store)))
        let id = try #require(try await client.get("/visit").headers.cookie("pagi_session"))
        let cleared = try await client.get("/clear", headers: ["cookie": "pagi_session=\(id)"])
        #expect(cleared.headers.setCookie("pagi_session")?.contains("Max-Age=0") == true)
        #expect(store.count == 0)
    }

    @Test func changesAfterTheHeadAreSavedForServerSideStores() async throws {
        let store = MemorySessionStore()
        let app = Session(store: store).wrap { scope, _, send in
            let session = scope.request![.session]!
            if scope.request!.path == "/end" {
                try await send(.httpResponseStart(status: .ok, headers: [:]))
                session.destroy()
            } else {
                session["early"] = "1"
                try await send(.httpResponseStart(status: .ok, headers: [:]))
                session["late"] = "2"
            }
            try await send(.httpResponseBody(ByteBuffer(string: "ok")))
        }
        let client = TestClient(app: app)
        let id = try #require(try await client.get("/").headers.cookie("pagi_session"))
        #expect(await store.load(id: id) == ["early": "1", "late": "2"])
        _ = try await client.get("/end", headers: ["cookie": "pagi_session=\(id)"])
        #expect(store.count == 0)
    }

    @Test func websocketsReadTheSessionAndGetItsCookieOnAcceptance() async throws {
        let client = TestClient(app: Self.app(Session()))
        let id = try #require(try await client.get("/visit").headers.cookie("pagi_session"))
        let socket = try await client.websocket("/visit", headers: ["cookie": "pagi_session=\(id)"])
        #expect(try await socket.receiveText() == "old visits=2 []")
        #expect(socket.acceptHeaders.cookie("pagi_session") == id)
    }

    @Test func memoryStoresExpireAndStayBounded() async throws {
        let store = MemorySessionStore(maxSessions: 3)
        _ = await store.save(id: "short", values: ["a": "1"], lifetime: .milliseconds(150))
        _ = await store.save(id: "long", values: ["a": "2"], lifetime: .seconds(60))
        #expect(await store.load(id: "short") == ["a": "1"])
        try await Task.sleep(for: .milliseconds(200))
        #expect(await store.load(id: "short") == nil)
        #expect(store.count == 1)
        _ = await store.save(id: "gone", values: [:], lifetime: .milliseconds(1))
        _ = await store.save(id: "b", values: [:], lifetime: .seconds(30))
        try await Task.sleep(for: .milliseconds(5))
        // Full: the expired one is swept first.
        _ = await store.save(id: "c", values: [:], lifetime: .seconds(90))
        #expect(store.count == 3)
        #expect(await store.load(id: "long") != nil)
        // Still full: the one closest to expiring makes room.
        _ = await store.save(id: "d", values: [:], lifetime: .seconds(90))
        #expect(store.count == 3)
        #expect(await store.load(id: "b") == nil)
        #expect(await store.load(id: "d") != nil)
    }

    @Test func signedCookieStoresKeepTheDataInTheCookie() async throws {
        let store = SignedCookieSessionStore(signer: CookieSigner(secret: "a session secret of 32 bytes...."), maxCookieSize: 1_000)
        let client = TestClient(app: Self.app(Session(store: store))) { $0.raiseAppErrors = false }
        let cookie = try #require(try await client.get("/visit").headers.cookie("pagi_session"))
        let next = try await client.get("/visit", headers: ["cookie": "pagi_session=\(cookie)"])
        #expect(next.text == "old visits=2 []")
        let tampered = "x" + cookie.dropFirst()
        #expect(try await client.get("/", headers: ["cookie": "pagi_session=\(tampered)"]).text == "new  []")
        let big = try await client.get("/big")
        #expect(big.status == .internalServerError)
        let error = try #require(big.error as? SessionCookieTooLarge)
        #expect(error.limit == 1_000 && error.size > 5_000 && "\(error)".contains("over the limit of 1000 bytes"))
        // The expiry is inside the signed data.
        let expired = try await store.save(id: "", values: ["a": "1"], lifetime: .zero)
        #expect(await store.load(id: expired) == nil)
        let fresh = try await store.save(id: "", values: ["a": "1"], lifetime: .seconds(60))
        #expect(await store.load(id: fresh) == ["a": "1"])
    }
}
