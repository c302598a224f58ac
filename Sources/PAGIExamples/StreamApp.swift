public import PAGI

extension ExampleApps {
    /// A chunked response with trailers: drains the request body, then sends `chunks` lines,
    /// `interval` apart, and the trailer `x-stream-complete: 1`. Stops as soon as the client
    /// disconnects.
    public static func stream(chunks: Int = 3, interval: Duration = .seconds(1)) -> Application {
        { scope, receive, send in
            guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
            _ = try await readBody(from: receive)
            let connection = request.connection ?? ConnectionState()
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain; charset=utf-8"], trailers: true))
            for index in 1...max(chunks, 1) {
                let last = index >= chunks
                try await send(.httpResponseBody("Chunk \(index)\n", more: !last))
                if !last, !(await connection.sleep(for: interval)) { return }
            }
            try await send(.httpResponseTrailers(["x-stream-complete": "1"]))
        }
    }
}
