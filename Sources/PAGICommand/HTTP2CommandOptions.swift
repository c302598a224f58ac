public import ArgumentParser
public import PAGIServerHTTP2

/// The server's HTTP/2 options: on over TLS (ALPN `h2`) unless `--no-http2`; cleartext
/// HTTP/2 with prior knowledge with `--http2-cleartext`; the SETTINGS the server sends and
/// its rapid-reset limit. `docs/server-behavior.md` (HTTP/2) describes them.
public struct HTTP2CommandOptions: ParsableArguments, Sendable {
    @Flag(inversion: .prefixedNo, help: "Serve HTTP/2 over TLS to clients that offer h2 in ALPN (others get HTTP/1.1).")
    public var http2 = true

    @Flag(help: "Also serve cleartext HTTP/2 with prior knowledge (h2c): a connection that opens with the HTTP/2 preface. HTTP/1 keeps working on the same port.")
    public var http2Cleartext = false

    @Option(help: "SETTINGS_MAX_CONCURRENT_STREAMS: the most streams a client may have open on one connection.")
    public var http2MaxConcurrentStreams = 100

    @Option(help: "SETTINGS_INITIAL_WINDOW_SIZE: request body bytes a client may send on a stream before the application reads them.")
    public var http2InitialWindowSize = 65_535

    @Option(help: "SETTINGS_MAX_FRAME_SIZE: the largest frame payload accepted (16384 to 16777215).")
    public var http2MaxFrameSize = 16_384

    @Option(help: "SETTINGS_MAX_HEADER_LIST_SIZE: the largest request header section, decompressed.")
    public var http2MaxHeaderListSize = 65_536

    @Option(help: "Rapid-reset protection: the streams a client may reset in a burst; beyond it and --http2-rst-rate the connection gets GOAWAY (ENHANCE_YOUR_CALM).")
    public var http2RstBurst = 1000

    @Option(help: "Rapid-reset protection: the stream resets per second allowed after the burst.")
    public var http2RstRate = 33

    @Flag(inversion: .prefixedNo, help: "Let WebSockets open over HTTP/2 (RFC 8441 extended CONNECT): the server sends SETTINGS_ENABLE_CONNECT_PROTOCOL.")
    public var http2Websocket = true

    public init() {}

    public mutating func validate() throws {
        _ = try self.options()
    }

    /// The options as ``HTTP2Options``; `nil` when HTTP/2 is off both over TLS and in cleartext.
    /// Throws `ValidationError` for a setting RFC 9113 does not allow.
    public func options() throws -> HTTP2Options? {
        guard self.http2 || self.http2Cleartext else { return nil }
        var options = HTTP2Options(cleartext: self.http2Cleartext, overTLS: self.http2)
        options.maxConcurrentStreams = self.http2MaxConcurrentStreams
        options.initialWindowSize = self.http2InitialWindowSize
        options.maxFrameSize = self.http2MaxFrameSize
        options.maxHeaderListSize = self.http2MaxHeaderListSize
        options.resetBurst = self.http2RstBurst
        options.resetRate = self.http2RstRate
        options.webSocket = self.http2Websocket
        do {
            try options.validate()
        } catch {
            throw ValidationError("HTTP/2: \(error.description)")
        }
        return options
    }
}
