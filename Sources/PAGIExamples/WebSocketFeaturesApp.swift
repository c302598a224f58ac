public import PAGI
import NIOCore

extension ExampleApps {
    /// The WebSocket features an application can use, one path each (the live tests drive it
    /// with Python's `websockets` client):
    ///
    /// - `/echo`: accepts, choosing the first of the client's subprotocols the app speaks
    ///   (`chat.v2`, `chat.v1`), and echoes every message;
    /// - `/private`: denies the handshake with `401` and a JSON body unless the request carries
    ///   `Authorization: Bearer letmein` (the denial-response extension; 403 without it);
    /// - `/reject`: closes before accepting (the server answers 403);
    /// - `/close?code=4001&reason=bye`: accepts, then closes with that code and reason;
    /// - `/keepalive?interval=0.2&timeout=0.5`: asks the server to ping at that interval;
    /// - `/slow?seconds=2`: accepts, waits that long without reading, then echoes;
    /// - `/fail`: accepts, then throws (the server closes with 1011).
    public static let websocketFeatures: Application = { scope, receive, send in
        guard case .websocket(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        guard case .websocketConnect = try await receive() else { return }
        let query = Self.queryItems(request.queryString.text)
        switch request.path {
        case "/private":
            let authorized = request.headers.first("authorization")?.text == "Bearer letmein"
            if !authorized {
                guard request.extensions.websocketHTTPResponse else { return try await send(.websocketClose()) }
                try await send(.websocketHTTPResponseStart(ResponseStart(
                    status: .unauthorized,
                    headers: ["content-type": "application/json", "www-authenticate": "Bearer"]
                )))
                return try await send(.websocketHTTPResponseBody(ByteBuffer(string: #"{"error":"unauthorized"}"#)))
            }
        case "/reject":
            return try await send(.websocketClose())
        case "/keepalive":
            let interval = Double(query["interval"] ?? "") ?? 1
            let timeout = Double(query["timeout"] ?? "")
            try await send(.websocketKeepalive(interval: .milliseconds(Int(interval * 1000)), timeout: timeout.map { .milliseconds(Int($0 * 1000)) }))
        default:
            break
        }
        let subprotocol = request.subprotocols.first { ["chat.v2", "chat.v1"].contains($0) }
        try await send(.websocketAccept(subprotocol: subprotocol))
        switch request.path {
        case "/close":
            let code = UInt16(query["code"] ?? "") ?? 1000
            return try await send(.websocketClose(code: WebSocketCloseCode(rawValue: code), reason: query["reason"] ?? ""))
        case "/slow":
            try await Task.sleep(for: .milliseconds(Int((Double(query["seconds"] ?? "") ?? 2) * 1000)))
        case "/fail":
            throw FailOnPurpose()
        default:
            break
        }
        while true {
            switch try await receive() {
            case .websocketReceive(let message): try await send(.websocketSend(message))
            default: return
            }
        }
    }

    /// `name=value` pairs of a query string (enough for this example: no percent-decoding).
    static func queryItems(_ query: String) -> [String: String] {
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            items[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return items
    }
}

/// The error the `/fail` path of the WebSocket features example throws.
struct FailOnPurpose: Error, CustomStringConvertible {
    var description: String { "the /fail path fails on purpose" }
}
