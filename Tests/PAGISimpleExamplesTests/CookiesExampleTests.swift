import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct CookiesExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-08-cookies"]!)
    static let form: Headers = ["content-type": "application/x-www-form-urlencoded"]

    @Test func preferencesAndAOneTimeFlash() async throws {
        let saved = try await self.client.post("/preferences", headers: Self.form, body: .text("theme=dark&lang=fr"))
        #expect(saved.status == .found && saved.headers.first(.location) == "/")
        #expect(saved.headers.values(for: "set-cookie") == [
            "theme=dark; Path=/; Max-Age=2592000; SameSite=Lax",
            "lang=fr; Path=/; Max-Age=31536000; SameSite=Lax",
            "flash=Preferences%20saved!; Path=/; SameSite=Lax",
        ])
        let home = try await self.client.get("/", headers: ["cookie": "theme=dark; lang=fr; flash=Preferences%20saved!"])
        #expect(home.text.contains("background: #1a1a2e") && home.text.contains(#"<p class="flash">Preferences saved!</p>"#))
        #expect(home.text.contains("Current language: <strong>fr</strong>") && home.text.contains("Not logged in."))
        #expect(home.headers.values(for: "set-cookie") == ["flash=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"])
        let plain = try await self.client.get("/")
        #expect(plain.text.contains("background: #ffffff") && !plain.headers.contains("set-cookie"))
        #expect(try await self.client.get("/cookies", headers: ["cookie": "a=1; b=x%20y"]).text == #"{"cookies":{"a":"1","b":"x y"}}"#)
    }

    @Test func loginLogoutAndTheProtectedData() async throws {
        let refused = try await self.client.post("/login", headers: Self.form, body: .text("username=demo&password=wrong"))
        #expect(refused.headers.first(.location) == "/login?error=Invalid+username+or+password")
        #expect(try await self.client.get("/login?error=Invalid+username+or+password").text.contains(#"<p class="error">Invalid username or password</p>"#))
        let session = try await self.client.post("/login", headers: Self.form, body: .text("username=demo&password=secret"))
        #expect(session.headers.values(for: "set-cookie") == [
            "user=Demo%20User; Path=/; HttpOnly; SameSite=Lax",
            "flash=Welcome%20back%2C%20Demo%20User!; Path=/; SameSite=Lax",
        ])
        let remembered = try await self.client.post("/login", headers: Self.form, body: .text("username=demo&password=secret&remember=1"))
        #expect(remembered.headers.values(for: "set-cookie").prefix(2) == [
            "remember_me=1; Path=/; Max-Age=2592000; SameSite=Lax",
            "user=Demo%20User; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax",
        ])
        let denied = try await self.client.get("/secure-data")
        #expect(denied.status == .unauthorized && denied.text == #"{"error":"Unauthorized","message":"Please log in to access this resource"}"#)
        let data = try await self.client.get("/secure-data", headers: ["cookie": "user=Demo%20User"])
        #expect(data.status == .ok && data.text.contains(#""message":"Hello, Demo User! This is protected data.""#))
        let logout = try await self.client.get("/logout")
        #expect(logout.headers.values(for: "set-cookie").count == 3 && logout.headers.values(for: "set-cookie")[2] == "flash=You%20have%20been%20logged%20out.; Path=/; SameSite=Lax")
    }

    @Test func theCookieAPI() async throws {
        let set = try await self.client.post("/api/cookie", body: .text(#"{"name":"token","value":"abc","expires":784111777,"secure":true,"samesite":"strict"}"#))
        #expect(set.text == #"{"message":"Cookie 'token' set","success":1}"#)
        #expect(set.headers.first("set-cookie") == "token=abc; Path=/; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Secure; SameSite=Strict")
        let missing = try await self.client.post("/api/cookie", body: .text(#"{"name":"token"}"#))
        #expect(missing.status == .badRequest && missing.text == #"{"error":"Bad Request","message":"name and value required"}"#)
        let removed = try await self.client.delete("/api/cookie/token")
        #expect(removed.text == #"{"message":"Cookie 'token' removed","success":1}"# && removed.headers.first("set-cookie")?.text.hasPrefix("token=; Path=/; Max-Age=0") == true)
    }
}
