public import PAGI

extension ExampleApps {
    /// An error the `errors` example throws on purpose.
    public struct DeliberateError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Each failure rule of a PAGI server at its own path: `/error` throws before the response
    /// starts (500), `/error-after-start` throws mid-body (the connection is cut),
    /// `/no-response` returns without responding (500), `/bad-order` sends a body before its
    /// start (`send` throws, so 500). Any other path lists them.
    public static let errors: Application = { scope, receive, send in
        guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        _ = try await readBody(from: receive)
        switch request.path {
        case "/error":
            throw DeliberateError(description: "thrown before the response started")
        case "/error-after-start":
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain; charset=utf-8"]))
            try await send(.httpResponseBody("This response will be cut short...\n", more: true))
            throw DeliberateError(description: "thrown after the response started")
        case "/no-response":
            return
        case "/bad-order":
            try await send(.httpResponseBody("a body before its start"))
        default:
            let index = """
                Each path shows one failure rule:
                /error              throws before the response starts: 500
                /error-after-start  throws mid-body: the connection is closed
                /no-response        returns without a response: 500
                /bad-order          sends a body before its start: send throws, 500

                """
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain; charset=utf-8"]))
            try await send(.httpResponseBody(index))
        }
    }
}
