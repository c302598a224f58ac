import HummingbirdCore
import HummingbirdWebSocket

/// Matches uvicorn's default `--ws-max-size` (16 MiB); Hummingbird's default frame limit is 16 KiB.
private let maxWebSocketMessage = 16 * 1024 * 1024

extension HTTPServerBuilder {
    /// HTTP/1 with a WebSocket upgrade on `/ws` that echoes every message back unchanged.
    ///
    /// Every other request, including a plain GET of `/ws`, goes to the application's router.
    static var webSocketEchoServer: HTTPServerBuilder {
        .http1WebSocketUpgrade(
            configuration: .init(ws: .init(maxFrameSize: maxWebSocketMessage))
        ) { request, _, _ in
            guard isWebSocketPath(request.path) else { return .dontUpgrade }
            return .upgrade([:]) { inbound, outbound, _ in
                for try await message in inbound.messages(maxSize: maxWebSocketMessage) {
                    switch message {
                    case .text(let text): try await outbound.write(.text(text))
                    case .binary(let bytes): try await outbound.write(.binary(bytes))
                    }
                }
            }
        }
    }
}

/// `/ws`, with or without a query string.
private func isWebSocketPath(_ path: String?) -> Bool {
    guard let path else { return false }
    return path == "/ws" || path.hasPrefix("/ws?")
}
