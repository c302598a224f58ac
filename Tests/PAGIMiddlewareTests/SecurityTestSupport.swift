import HTTPTypes
import NIOCore
import PAGI
import PAGIMiddleware
import PAGITesting

/// An application answering every request scope with `text(request)`: an HTTP response, an
/// event stream of one event, or an accepted WebSocket sending one message.
func answer(_ text: @escaping @Sendable (RequestScope) throws -> String) -> Application {
    { scope, _, send in
        let request = scope.request!
        let body = try text(request)
        switch scope {
        case .websocket:
            try await send(.websocketAccept())
            try await send(.websocketSend(text: body))
            try await send(.websocketClose())
        case .sse:
            try await send(.sseStart())
            try await send(.sseSend(data: body))
        default:
            try await send(.httpResponseStart(status: .ok, headers: ["content-type": "text/plain"]))
            try await send(.httpResponseBody(ByteBuffer(string: body)))
        }
    }
}

/// An application answering with the request body it read.
let echoBody: Application = { _, receive, send in
    let body = try await readBody(from: receive)
    try await send(.httpResponseStart(status: .ok, headers: [:]))
    try await send(.httpResponseBody(body))
}

extension Headers {
    /// The value of the `Set-Cookie` field that sets `name`, without its attributes.
    func cookie(_ name: String) -> String? {
        for value in self.values(for: .setCookie) where value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    /// The whole `Set-Cookie` field that sets `name`.
    func setCookie(_ name: String) -> String? {
        self.values(for: .setCookie).first { $0.hasPrefix(name + "=") }
    }
}
