import HTTPTypes
import NIOCore
import PAGI
import PAGISimple
import PAGITesting
import Testing

@Suite struct BodyAndCookieTests {
    struct NewUser: Codable, Equatable {
        var name: String
        var age: Int
    }

    static let client: TestClient = {
        let app = SimpleApp()
        app.post("/users") { context in
            let user = try await context.json(as: NewUser.self)
            return try .json(user, status: .created)
        }
        app.post("/form") { context in
            let form = try await context.form()
            return .text("\(form["name"] ?? "-") likes \(form.values(for: "fruit").joined(separator: " and "))")
        }
        app.get("/cookies") { context in try .json(context.cookies) }
        app.get("/login") { _ in
            Response.text("in")
                .cookie(Cookie("session", "abc 123", maxAge: 3600, secure: true, sameSite: .strict))
                .cookie(Cookie("theme", "dark", path: "/app", domain: "example.com", httpOnly: false, sameSite: nil))
        }
        app.get("/logout") { _ in Response.text("out").removingCookie("session") }
        return TestClient(app: app.application)
    }()

    @Test func jsonBodiesDecodeAndBadJSONIs400() async throws {
        let created = try await Self.client.post("/users", headers: ["content-type": "application/json"], body: .text(#"{"name":"Ada","age":36}"#))
        #expect(created.status == .created)
        #expect(try created.json(as: NewUser.self) == NewUser(name: "Ada", age: 36))
        let broken = try await Self.client.post("/users", body: .text(#"{"name":"Ada","#))
        #expect(broken.status == .badRequest && broken.text.hasPrefix("The body is not valid JSON for this request"))
        let wrongShape = try await Self.client.post("/users", body: .text(#"{"name":"Ada"}"#))
        #expect(wrongShape.status == .badRequest && wrongShape.text.hasSuffix("missing 'age'"))
    }

    @Test func formsAreMultiMaps() async throws {
        let response = try await Self.client.post("/form", body: .text("name=J%C3%BCrgen+K&fruit=apple&fruit=pear"))
        #expect(response.text == "Jürgen K likes apple and pear")
    }

    @Test func cookiesAreReadFromEveryCookieField() async throws {
        let response = try await Self.client.get("/cookies", headers: ["cookie": "a=1; b=\"two\"", "Cookie": " c = 3 ;a=ignored"])
        #expect(try response.json(as: [String: String].self) == ["a": "1", "b": "two", "c": "3"])
    }

    @Test func cookiesAreSetWithTheirAttributesAndRemoved() async throws {
        let login = try await Self.client.get("/login")
        #expect(login.headers.values(for: "set-cookie") == [
            "session=abc%20123; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict",
            "theme=dark; Path=/app; Domain=example.com",
        ])
        let logout = try await Self.client.get("/logout")
        #expect(logout.headers.values(for: "set-cookie") == ["session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"])
        // What a cookie's value was set to is what reading it gives back.
        let sent = try await Self.client.get("/cookies", headers: ["cookie": "session=abc%20123; flash=Saved%21%20%E2%9C%93"])
        #expect(sent.text == #"{"flash":"Saved! ✓","session":"abc 123"}"#)
    }
}

@Suite struct FormDecodingTests {
    struct Search: Decodable, Equatable {
        var q: String
        var page: Int
        var exact: Bool
        var tags: [String]
        var limit: Double?
    }

    enum Sort: String, Decodable { case newest, oldest }

    struct Signup: Decodable, Equatable {
        var email: String
        var sort: Sort
        var agree: Bool
    }

    static let client: TestClient = {
        let app = SimpleApp()
        app.get("/search") { context in
            let search = try context.query(as: Search.self)
            let limit: String = search.limit.map { String($0) } ?? "nil"
            let fields: [String] = [search.q, String(search.page), String(search.exact), search.tags.joined(separator: ","), limit]
            return Response.text(fields.joined(separator: "|"))
        }
        app.post("/signup") { context in
            let signup = try await context.form(as: Signup.self)
            return .text("\(signup.email) \(signup.sort.rawValue) \(signup.agree)")
        }
        return TestClient(app: app.application)
    }()

    @Test func queryStringsDecodeIntoTypes() async throws {
        #expect(try await Self.client.get("/search?q=swift+nio&page=2&exact=on&tags=a&tags=b").text == "swift nio|2|true|a,b|nil")
        #expect(try await Self.client.get("/search?q=x&page=1&exact=0&tags=a&limit=2.5").text == "x|1|false|a|2.5")
    }

    @Test func missingOrMalformedFieldsAre400() async throws {
        let missing = try await Self.client.get("/search?q=x&exact=1&tags=a")
        #expect(missing.status == .badRequest && missing.text == "The query string does not fit this request: missing 'page'")
        let malformed = try await Self.client.get("/search?q=x&page=two&exact=1&tags=a")
        #expect(malformed.status == .badRequest && malformed.text.contains("wrong type at 'page'"))
    }

    @Test func formsDecodeIntoTypesWithEnums() async throws {
        #expect(try await Self.client.post("/signup", body: .text("email=a%40b.c&sort=oldest&agree=yes")).text == "a@b.c oldest true")
        #expect(try await Self.client.post("/signup", body: .text("email=a%40b.c&sort=sideways&agree=yes")).status == .badRequest)
    }

    @Test func paramLooksInThePathTheQueryThenTheFormAndTheBodyCanBeReadAgain() async throws {
        let app = SimpleApp()
        app.post("/items/:id") { context in
            let values = [try await context.param("id"), try await context.param("q"), try await context.param("name"), try await context.param("none")]
            let again = try await context.text()
            return .text(values.map { $0 ?? "-" }.joined(separator: " ") + " | " + again)
        }
        let client = TestClient(app: app.application)
        let form = try await client.post("/items/7?q=query&id=ignored", headers: ["content-type": "application/x-www-form-urlencoded"], body: .text("name=Ada&q=ignored"))
        #expect(form.text == "7 query Ada - | name=Ada&q=ignored")
        // A body that is not a form is not looked at.
        let json = try await client.post("/items/7", headers: ["content-type": "application/json"], body: .text(#"{"name":"Ada"}"#))
        #expect(json.text == #"7 - - - | {"name":"Ada"}"#)
    }
}
