import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct UTF8ExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-13-utf8"]!)

    @Test func pathQueryAndBodyRoundTrip() async throws {
        let home = try await self.client.get("/")
        #expect(home.headers.first(.contentType) == "text/html; charset=utf-8" && !home.text.contains("Echo (from"))
        #expect(home.text.contains(#"<a href="/echo/%F0%9F%94%A5">🔥</a>"#))
        let path = try await self.client.get("/echo/%F0%9F%94%A5")
        #expect(path.text.contains("<h2>Echo (from path):</h2>") && path.text.contains("<pre>🔥</pre>"))
        #expect(path.text.contains("Characters: 1 | UTF-8 bytes: 4") && path.text.contains("Codepoints: U+1F525"))
        let query = try await self.client.get("/?text=caf%C3%A9")
        #expect(query.text.contains("(from query string)") && query.text.contains("Characters: 4 | UTF-8 bytes: 5") && query.text.contains("U+0063 U+0061 U+0066 U+00E9"))
        let body = try await self.client.post("/", headers: ["content-type": "application/x-www-form-urlencoded"], body: .text("text=%CE%BB+%E4%B8%AD"))
        #expect(body.text.contains("(from POST body)") && body.text.contains("<pre>λ 中</pre>") && body.text.contains("Characters: 3 | UTF-8 bytes: 6"))
        // Content-Length counts bytes, not characters.
        #expect(body.headers.first(.contentLength) == "\(body.body.readableBytes)")
    }

    @Test func invalidBytesBecomeReplacementCharactersAndMarkupIsEscaped() async throws {
        let invalid = try await self.client.get("/?text=%FF")
        #expect(invalid.text.contains("<pre>\u{FFFD}</pre>") && invalid.text.contains("U+FFFD"))
        #expect(try await self.client.get("/echo/%3Cb%3E").text.contains("<pre>&lt;b&gt;</pre>"))
    }
}
