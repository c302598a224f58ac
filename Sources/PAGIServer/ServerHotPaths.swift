public import NIOCore
public import PAGI

/// The server's hot paths, callable one at a time for the micro benchmarks in `Benchmarks/`
/// (which count their allocations). Not API: `@_spi(Benchmarks)` and free to change.
@_spi(Benchmarks)
public enum ServerHotPaths {
    /// Parses the request head at the start of `bytes` and builds its scope, as a connection
    /// does for each request (with default limits).
    public static func scope(fromHead bytes: inout ByteBuffer) throws -> Scope? {
        var parser = HTTP1HeadParser(limits: .init())
        guard let head = try parser.parse(&bytes) else { return nil }
        return head.scope(
            rootPath: "",
            client: .tcp(host: "127.0.0.1", port: 50_000),
            server: .tcp(host: "127.0.0.1", port: 5000),
            state: ScopeValues(),
            connection: ConnectionState()
        )
    }

    /// An HTTP/1.1 keep-alive response head, with `Date` and `Server`, as the server makes it
    /// for a response whose only body has `bodyLength` bytes.
    public static func head(status: HTTPResponse.Status, headers: Headers, bodyLength: Int) -> ByteBuffer {
        self.serializer.head(status: status, headers: headers, framing: .length(bodyLength), keepAlive: true)
    }

    /// Reads one masked client frame from the start of `bytes` into a message (unmasked, UTF-8
    /// checked), then makes the server's frame for the same message: a WebSocket echo's work
    /// in the server. Returns the parts to write (none if `bytes` held no whole frame).
    public static func webSocketEcho(_ bytes: inout ByteBuffer) throws -> [IOData] {
        var parser = WebSocketFrameParser(maxFrameSize: 1 << 24)
        var assembler = WebSocketMessageAssembler(maxMessageSize: 1 << 24)
        while let event = try parser.next(from: &bytes) {
            if case .message(let message)? = try assembler.consume(event) {
                return WebSocketFrameWriter.frames(for: message)
            }
        }
        return []
    }

    private static let serializer = ResponseSerializer(version: .http1_1, dateHeader: true, serverHeader: "pagi")
}
