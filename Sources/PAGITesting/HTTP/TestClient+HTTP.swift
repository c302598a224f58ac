public import HTTPTypes
public import PAGI

extension TestClient {
    /// Sends a request and waits for the whole response.
    public func request(
        _ method: HTTPRequest.Method,
        _ target: String,
        headers: Headers = [:],
        body: RequestBody = .empty
    ) async throws -> TestResponse {
        let exchange = HTTPExchange(client: self, method: method, target: target, headers: headers, body: body)
        return try await exchange.finish()
    }

    /// Sends a request and returns once the response has started, to read its body piece by
    /// piece or to disconnect in the middle of it.
    public func stream(
        _ target: String,
        method: HTTPRequest.Method = .get,
        headers: Headers = [:],
        body: RequestBody = .empty
    ) async throws -> TestResponseStream {
        let exchange = HTTPExchange(client: self, method: method, target: target, headers: headers, body: body)
        while try await exchange.next() != nil {
            if let response = exchange.response {
                return TestResponseStream(exchange: exchange, status: response.status, headers: response.headers)
            }
        }
        // The application returned without starting: the same answer `request` would give.
        let response = try await exchange.conclude()
        return TestResponseStream(exchange: exchange, status: response.status, headers: response.headers)
    }

    /// `GET target`.
    public func get(_ target: String, headers: Headers = [:]) async throws -> TestResponse {
        try await self.request(.get, target, headers: headers)
    }

    /// `HEAD target`; the response has no body, as on the wire.
    public func head(_ target: String, headers: Headers = [:]) async throws -> TestResponse {
        try await self.request(.head, target, headers: headers)
    }

    /// `POST target` with `body`.
    public func post(_ target: String, headers: Headers = [:], body: RequestBody = .empty) async throws -> TestResponse {
        try await self.request(.post, target, headers: headers, body: body)
    }

    /// `PUT target` with `body`.
    public func put(_ target: String, headers: Headers = [:], body: RequestBody = .empty) async throws -> TestResponse {
        try await self.request(.put, target, headers: headers, body: body)
    }

    /// `PATCH target` with `body`.
    public func patch(_ target: String, headers: Headers = [:], body: RequestBody = .empty) async throws -> TestResponse {
        try await self.request(.patch, target, headers: headers, body: body)
    }

    /// `DELETE target`.
    public func delete(_ target: String, headers: Headers = [:]) async throws -> TestResponse {
        try await self.request(.delete, target, headers: headers)
    }

    /// `OPTIONS target`.
    public func options(_ target: String, headers: Headers = [:]) async throws -> TestResponse {
        try await self.request(.options, target, headers: headers)
    }
}
