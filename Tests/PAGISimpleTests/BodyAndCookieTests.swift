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
    }
}
