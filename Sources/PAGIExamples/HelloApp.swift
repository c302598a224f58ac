public import PAGI

extension ExampleApps {
    /// `GET /`: "Hello, World!" as plain text; `GET /json`: `{"message":"Hello, World!"}`;
    /// anything else: 404.
    public static let hello: Application = { scope, _, send in
        guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        let (status, contentType, body): (HTTPResponse.Status, String, String)
        switch request.path {
        case "/": (status, contentType, body) = (.ok, "text/plain; charset=utf-8", "Hello, World!")
        case "/json": (status, contentType, body) = (.ok, "application/json", PAGIValue.object(["message": "Hello, World!"]).jsonText)
        default: (status, contentType, body) = (.notFound, "text/plain; charset=utf-8", "Not Found")
        }
        try await send(.httpResponseStart(
            status: status,
            headers: ["content-type": ByteString(contentType), "content-length": "\(body.utf8.count)"]
        ))
        try await send(.httpResponseBody(body))
    }
}
