public import PAGI

extension ExampleApps {
    /// Sends the request body back as it arrives, one response piece per request piece
    /// (so a large upload streams through), with the request's content type.
    public static let echo: Application = { scope, receive, send in
        guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        let contentType = request.headers.first(.contentType) ?? "application/octet-stream"
        try await send(.httpResponseStart(status: .ok, headers: ["content-type": contentType]))
        while true {
            switch try await receive() {
            case .httpRequest(let piece, let more):
                try await send(.httpResponseBody(piece, more: more))
                if !more { return }
            default:
                return  // The client left; nothing more to echo.
            }
        }
    }
}
