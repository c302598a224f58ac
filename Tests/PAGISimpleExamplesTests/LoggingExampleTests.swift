import PAGI
import PAGISimple
import PAGISimpleExamples
import PAGITesting
import Synchronization
import Testing

@Suite struct LoggingExampleTests {
    @Test func oneCombinedLinePerRequestExceptHealthAndMetrics() async throws {
        let lines = Mutex<[String]>([])
        let app = SimpleExamples.logging(output: .lines { line in lines.withLock { $0.append(line) } }, slowDelay: .milliseconds(20))
        let client = TestClient(app: app.application) { $0.raiseAppErrors = false }
        #expect(try await client.get("/users").text == #"{"users":[{"id":1,"name":"Alice"},{"id":2,"name":"Bob"},{"id":3,"name":"Charlie"}]}"#)
        #expect(try await client.get("/users/42").text == #"{"user":{"id":"42","name":"User 42"}}"#)
        #expect(try await client.get("/search?q=swift&page=2").text == #"{"page":"2","query":"swift","results":[]}"#)
        #expect(try await client.get("/slow").text == #"{"message":"This took a while!"}"#)
        #expect(try await client.get("/error").status == .internalServerError)
        #expect(try await client.get("/health").text == #"{"status":"healthy"}"#)
        #expect(try await client.get("/metrics").text.contains(#""requests":0"#))
        let logged = lines.withLock { $0 }
        #expect(logged.count == 5)
        #expect(logged.first?.hasPrefix("127.0.0.1 - - [") == true)
        #expect(logged.map { $0.split(separator: "\"")[1] } == [
            "GET /users HTTP/1.1", "GET /users/42 HTTP/1.1", "GET /search?q=swift&page=2 HTTP/1.1", "GET /slow HTTP/1.1", "GET /error HTTP/1.1",
        ])
        #expect(logged.last?.contains("\" 500 ") == true)
        #expect(SimpleExamples.all["simple-10-logging"] != nil)
    }
}
