public import NIOCore
import NIOHTTP2
public import PAGIServer

/// HTTP/2 for ``PAGIServer``: put one in ``ServerConfiguration/http2``. Over TLS it is on
/// when the TLS options offer `h2` in ALPN (`pagi-server` does unless `--no-http2`); in
/// cleartext it serves connections that open with the HTTP/2 preface when ``cleartext`` is
/// on. `docs/server-behavior.md` (HTTP/2) states what each setting does.
///
/// ```swift
/// var configuration = ServerConfiguration()
/// configuration.http2 = HTTP2Options(cleartext: true)
/// ```
public struct HTTP2Options: Sendable, Hashable {
    /// Whether cleartext connections that open with the HTTP/2 preface speak HTTP/2 (h2c
    /// with prior knowledge; default off). HTTP/1 connections keep working on the same port.
    public var cleartext: Bool
    /// Whether TLS connections that chose `h2` in ALPN speak HTTP/2 (default on).
    public var overTLS: Bool
    /// SETTINGS_MAX_CONCURRENT_STREAMS: the most streams a client may have open at once
    /// (default 100); a client that opens more gets `GOAWAY` with `PROTOCOL_ERROR`.
    public var maxConcurrentStreams = 100
    /// SETTINGS_INITIAL_WINDOW_SIZE: how many request body bytes a client may send on a
    /// stream before the application reads them (default 65535).
    public var initialWindowSize = 65_535
    /// SETTINGS_MAX_FRAME_SIZE: the largest frame payload the server accepts (default
    /// 16384; 16384 to 16777215).
    public var maxFrameSize = 16_384
    /// SETTINGS_MAX_HEADER_LIST_SIZE: the largest request header section, decompressed
    /// (default 65536).
    public var maxHeaderListSize = 65_536
    /// Rapid-reset protection (CVE-2023-44487): how many streams a client may reset in a
    /// burst (default 1000)...
    public var resetBurst = 1000
    /// ...and how many per second after it (default 33). A client that resets faster gets
    /// `GOAWAY` with `ENHANCE_YOUR_CALM` and its connection is closed.
    public var resetRate = 33
    /// Whether WebSockets may open over HTTP/2 (RFC 8441 extended CONNECT; default on): the
    /// server sends SETTINGS_ENABLE_CONNECT_PROTOCOL = 1. Off, a client uses HTTP/1 for them.
    public var webSocket = true

    /// HTTP/2 options: prior-knowledge cleartext when `cleartext`, over TLS when `overTLS`.
    public init(cleartext: Bool = false, overTLS: Bool = true) {
        self.cleartext = cleartext
        self.overTLS = overTLS
    }

    /// Throws when a setting is outside what RFC 9113 allows.
    public func validate() throws(HTTP2OptionsError) {
        guard self.maxConcurrentStreams >= 1 else { throw HTTP2OptionsError("the most concurrent streams must be at least 1") }
        guard (0...Int(Int32.max)).contains(self.initialWindowSize) else {
            throw HTTP2OptionsError("the initial window size must be between 0 and 2147483647")
        }
        guard (16_384...16_777_215).contains(self.maxFrameSize) else {
            throw HTTP2OptionsError("the max frame size must be between 16384 and 16777215")
        }
        guard self.maxHeaderListSize >= 1 else { throw HTTP2OptionsError("the max header list size must be at least 1") }
        guard self.resetBurst >= 1, self.resetRate >= 1 else { throw HTTP2OptionsError("the reset burst and rate must be at least 1") }
    }

    /// The NIOHTTP2 configuration these options describe.
    var handlerConfiguration: NIOHTTP2Handler.Configuration {
        var configuration = NIOHTTP2Handler.Configuration()
        configuration.connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: self.maxConcurrentStreams),
            HTTP2Setting(parameter: .initialWindowSize, value: self.initialWindowSize),
            HTTP2Setting(parameter: .maxFrameSize, value: self.maxFrameSize),
            HTTP2Setting(parameter: .maxHeaderListSize, value: self.maxHeaderListSize),
        ]
        if self.webSocket { configuration.connection.initialSettings.append(HTTP2Setting(parameter: .enableConnectProtocol, value: 1)) }
        configuration.connection.targetWindowSize = max(65_535, self.initialWindowSize)
        configuration.stream.targetWindowSize = self.initialWindowSize
        // The burst is allowed within the time the rate takes to earn it back.
        configuration.stream.streamResetFrameRateLimit.maximumCount = self.resetBurst
        configuration.stream.streamResetFrameRateLimit.windowLength = .milliseconds(Int64(self.resetBurst * 1000 / self.resetRate))
        return configuration
    }
}

/// A setting of ``HTTP2Options`` outside what RFC 9113 allows.
public struct HTTP2OptionsError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension HTTP2Options: HTTP2Serving {
    public var servesCleartext: Bool { self.cleartext }
    public var servesTLS: Bool { self.overTLS }

    public func serve(_ connection: HTTP2Handoff) async {
        await HTTP2Connection(handoff: connection, options: self).run()
    }
}
