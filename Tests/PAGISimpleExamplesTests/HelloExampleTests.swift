import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

@Suite struct HelloExampleTests {
    let client = TestClient(app: SimpleExamples.all["simple-01-hello"]!)

    @Test func answersLikeThePerlExample() async throws {
        #expect(try await self.client.get("/").text == "Hello, World!")
        #expect(try await self.client.get("/greet/Ada").text == "Hello, Ada!")
        struct Greeting: Decodable { let message: String; let timestamp: Int }
        let greeting = try await self.client.get("/json").json(as: Greeting.self)
        #expect(greeting.message == "Hello, World!" && greeting.timestamp > 1_700_000_000)
        let html = try await self.client.get("/html")
        #expect(html.headers.first(.contentType)?.text == "text/html; charset=utf-8" && html.text.contains("<h1>Hello, World!</h1>"))
        #expect(try await self.client.get("/search?q=swift").text == #"{"query":"swift","results":["Result for: swift"]}"#)
        let created = try await self.client.get("/created")
        #expect(created.status == .created && created.headers.first("x-custom-header")?.text == "Custom Value")
        #expect(created.text == #"{"status":"created"}"#)
        let redirect = try await self.client.get("/old-path")
        #expect(redirect.status == .found && redirect.headers.first(.location)?.text == "/")
        let missing = try await self.client.get("/nope")
        #expect(missing.status == .notFound && missing.text == #"{"error":"Not Found","path":"/nope"}"#)
    }
}
