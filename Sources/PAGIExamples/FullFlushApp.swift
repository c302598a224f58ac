public import PAGI

extension ExampleApps {
    /// Three lines, each flushed to the client at once with `http.fullflush` when the
    /// server offers the `fullflush` extension.
    public static let fullFlush: Application = { scope, receive, send in
        guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        _ = try await readBody(from: receive)
        try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain; charset=utf-8"]))
        let lines = ["Line 1\n", "Line 2\n", "Line 3\n"]
        for (index, line) in lines.enumerated() {
            let last = index == lines.count - 1
            try await send(.httpResponseBody(line, more: !last))
            if !last && request.extensions.fullFlush {
                try await send(.httpFullFlush)
            }
        }
    }
}
