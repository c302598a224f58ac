import PAGI
import PAGITesting
import Testing

/// The README's example, kept compiling and passing.
@Suite struct ReadmeTests {
    static let hello: Application = { scope, receive, send in
        guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        let body = try await readBody(from: receive)  // the request body, if any
        try await send(.httpResponseStart(
            status: .ok,
            headers: ["content-type": "text/plain; charset=utf-8"]
        ))
        try await send(.httpResponseBody("Hello from \(request.path)! You sent \(body.readableBytes) bytes."))
    }

    @Test func greets() async throws {
        let client = TestClient(app: Self.hello)
        let response = try await client.post("/world", body: "hi")
        #expect(response.status == .ok)
        #expect(response.text == "Hello from /world! You sent 2 bytes.")
    }
}
