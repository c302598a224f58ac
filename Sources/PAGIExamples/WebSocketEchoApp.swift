public import PAGI

extension ExampleApps {
    /// Accepts every WebSocket (choosing the client's first subprotocol, if any) and echoes
    /// each message back unchanged, text as text and binary as binary (what Autobahn's
    /// fuzzing client expects of the server under test).
    public static let websocketEcho: Application = { scope, receive, send in
        guard case .websocket(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        guard case .websocketConnect = try await receive() else { return }
        try await send(.websocketAccept(subprotocol: request.subprotocols.first))
        while true {
            switch try await receive() {
            case .websocketReceive(.text(let text)):
                try await send(.websocketSend(text: text))
            case .websocketReceive(.binary(let bytes)):
                try await send(.websocketSend(binary: bytes))
            default:
                return  // websocket.disconnect
            }
        }
    }
}
