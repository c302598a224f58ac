import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct CORSExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-09-cors"]!)
    static let origin: Headers = ["origin": "https://example.com"]

    @Test func aSimpleRequestGetsTheApplicationsCORSFields() async throws {
        let response = try await self.client.get("/api/data", headers: Self.origin)
        #expect(response.status == .ok && response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["access-control-expose-headers"] == "X-Request-ID, X-RateLimit-Remaining")
        #expect(response.headers["x-request-id"] == "12345" && response.headers["x-ratelimit-remaining"] == "99")
        #expect(response.text == #"{"data":[{"id":1,"name":"Item 1"},{"id":2,"name":"Item 2"},{"id":3,"name":"Item 3"}],"status":"ok"}"#)
        // Without an Origin, no CORS fields.
        #expect(!(try await self.client.get("/api/data")).headers.contains("access-control-allow-origin"))
    }

    @Test func preflightIsAnsweredWithoutTheRoutes() async throws {
        let allowed = try await self.client.options("/api/data", headers: [
            "origin": "https://example.com", "access-control-request-method": "POST", "access-control-request-headers": "Content-Type",
        ])
        #expect(allowed.status == .noContent && allowed.headers["access-control-allow-origin"] == "*")
        #expect(allowed.headers["access-control-allow-methods"] == "GET, POST, PUT, DELETE, PATCH")
        #expect(allowed.headers["access-control-allow-headers"] == "Content-Type, Authorization, X-Request-ID")
        #expect(allowed.headers["access-control-max-age"] == "86400")
        let refused = try await self.client.options("/api/data", headers: [
            "origin": "https://example.com", "access-control-request-method": "POST", "access-control-request-headers": "X-Secret",
        ])
        #expect(refused.status == .forbidden && refused.text == "Disallowed CORS headers")
    }

    @Test func theAPIRoutes() async throws {
        let created = try await self.client.post("/api/data", headers: ["origin": "https://example.com", "content-type": "application/json"], body: .text(#"{"name":"test"}"#))
        #expect(created.status == .created && created.text == #"{"id":"4","message":"Item created successfully","status":"created"}"#)
        #expect(try await self.client.put("/api/data/7", headers: Self.origin).text == #"{"id":"7","message":"Item 7 updated","status":"updated"}"#)
        #expect(try await self.client.delete("/api/data/7", headers: Self.origin).text == #"{"id":"7","message":"Item 7 deleted","status":"deleted"}"#)
        #expect(try await self.client.get("/").text.contains("<h1>CORS Demo</h1>"))
    }

    @Test func aRouteWithItsOwnRules() async throws {
        let special = try await self.client.get("/api/special", headers: Self.origin)
        #expect(special.headers.values(for: "access-control-allow-origin") == ["https://trusted-app.example.com"])
        #expect(special.headers["access-control-allow-credentials"] == "true" && special.headers["vary"] == "Origin")
    }
}
