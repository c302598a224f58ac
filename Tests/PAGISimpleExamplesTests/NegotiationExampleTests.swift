import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct NegotiationExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-06-negotiation"]!)

    @Test func usersInEveryFormat() async throws {
        let json = try await self.client.get("/users", headers: ["accept": "*/*"])
        #expect(json.text.hasPrefix(#"{"count":3,"users":[{"email":"alice@example.com","id":1,"name":"Alice"}"#))
        let html = try await self.client.get("/users", headers: ["accept": "text/html"])
        #expect(html.headers.first(.contentType) == "text/html; charset=utf-8" && html.text.contains("<td>2</td><td>Bob</td>"))
        #expect(try await self.client.get("/users", headers: ["accept": "text/plain"]).text == "Users: Alice, Bob, Charlie")
        let xml = try await self.client.get("/users/1", headers: ["accept": "application/xml"])
        #expect(xml.headers.first(.contentType) == "application/xml" && xml.text.contains("<name>Alice</name>"))
        #expect(try await self.client.get("/users/3", headers: ["accept": "text/plain"]).text == "User: Charlie <charlie@example.com>")
        #expect(try await self.client.get("/users/2").text == #"{"email":"bob@example.com","id":2,"name":"Bob"}"#)
    }

    @Test func statusAndDetection() async throws {
        #expect(try await self.client.get("/status", headers: ["accept": "text/plain"]).text == "Status: healthy\n")
        #expect(try await self.client.get("/status", headers: ["accept": "image/png"]).text == "OK")
        let detect = try await self.client.get("/detect", headers: ["accept": "application/json, text/html;q=0.9", "user-agent": "curl/8.5"])
        #expect(detect.text.contains(#""client_type":"curl""#) && detect.text.contains(#""parsed_accepts":[["application/json",1],["text/html",0.9]]"#))
        #expect(detect.text.contains(#""preferred_type":"json""#) && detect.text.contains(#""accepts_html":1"#))
        let text = try await self.client.get("/detect", headers: ["accept": "text/plain", "user-agent": "Mozilla/5.0"])
        #expect(text.text.contains("Client Type: Browser\n") && text.text.contains("Preferred Type: text\n"))
    }

    @Test func jsonOnlyAndNegotiatedErrors() async throws {
        #expect(try await self.client.get("/api/data").text == #"{"data":"secret","version":"1.0"}"#)
        let refused = try await self.client.get("/api/data", headers: ["accept": "text/html"])
        #expect(refused.status == .notAcceptable && refused.text == #"{"error":"Not Acceptable","message":"The requested format is not supported","supported":["application/json"]}"#)
        let missing = try await self.client.get("/users/9", headers: ["accept": "text/html"])
        #expect(missing.status == .notFound && missing.text == "<html><body><h1>404 Not Found</h1><p>User 9 not found</p></body></html>")
        #expect(try await self.client.get("/users/9", headers: ["accept": "text/plain"]).text == "Not Found: User 9 not found")
        #expect(try await self.client.get("/users/9", headers: ["accept": "application/json"]).text == #"{"error":"Not Found","message":"User 9 not found"}"#)
    }
}
