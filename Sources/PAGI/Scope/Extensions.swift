/// The scope's `extensions`: the optional capabilities the server offers on this connection.
///
/// An application checks for an extension before sending its events; the event validator
/// rejects an extension event whose extension is absent.
public struct Extensions: Sendable, Hashable {
    /// The spec's name of the `fullflush` extension.
    public static let fullFlushName = "fullflush"
    /// The spec's name of the `tls` extension.
    public static let tlsName = "tls"
    /// The spec's name of the WebSocket denial-response extension.
    public static let websocketHTTPResponseName = "websocket.http.response"

    /// `fullflush`: the application may send `http.fullflush` (HTTP and SSE scopes).
    public var fullFlush: Bool
    /// `tls`: present exactly when the connection is TLS.
    public var tls: TLSInfo?
    /// `websocket.http.response`: the application may deny a WebSocket handshake with an HTTP
    /// response (`websocket.http.response.start` / `.body`).
    public var websocketHTTPResponse: Bool
    /// Extensions this package does not know, by name, with their data.
    public var custom: [String: PAGIValue]

    /// The given extensions (none by default).
    public init(
        fullFlush: Bool = false,
        tls: TLSInfo? = nil,
        websocketHTTPResponse: Bool = false,
        custom: [String: PAGIValue] = [:]
    ) {
        self.fullFlush = fullFlush
        self.tls = tls
        self.websocketHTTPResponse = websocketHTTPResponse
        self.custom = custom
    }

    /// Whether the extension called `name` is present.
    public func contains(_ name: String) -> Bool {
        switch name {
        case Extensions.fullFlushName: return self.fullFlush
        case Extensions.tlsName: return self.tls != nil
        case Extensions.websocketHTTPResponseName: return self.websocketHTTPResponse
        default: return self.custom[name] != nil
        }
    }

    /// The names of every extension present, sorted.
    public var names: [String] {
        var names = Array(self.custom.keys)
        if self.fullFlush { names.append(Extensions.fullFlushName) }
        if self.tls != nil { names.append(Extensions.tlsName) }
        if self.websocketHTTPResponse { names.append(Extensions.websocketHTTPResponseName) }
        return names.sorted()
    }
}
