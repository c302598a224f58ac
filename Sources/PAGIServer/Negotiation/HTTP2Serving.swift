public import NIOCore
public import PAGI

/// HTTP/2 for the server's connections, plugged in through ``ServerConfiguration/http2``.
/// `PAGIServerHTTP2` provides one on NIOHTTP2, so that this target, and a plain HTTP/1.1
/// application, never builds it.
///
/// The server decides once per connection which protocol it speaks: over TLS from the
/// protocol the handshake chose (ALPN `h2`); in cleartext, when ``servesCleartext`` is on,
/// from the connection's first bytes (the HTTP/2 connection preface, "prior knowledge").
/// Every other connection is served as HTTP/1 on the same port.
public protocol HTTP2Serving: Sendable {
    /// Whether a cleartext connection that opens with the HTTP/2 preface is served as
    /// HTTP/2 (h2c with prior knowledge).
    var servesCleartext: Bool { get }
    /// Whether connections secured by TLS offer `h2` in ALPN.
    var servesTLS: Bool { get }

    /// Serves `connection`, which speaks HTTP/2, until it closes.
    func serve(_ connection: HTTP2Handoff) async
}

/// A connection the server hands to its ``HTTP2Serving``: the channel (with the security
/// handlers in front and the bytes read so far held back) and what the server knows of it.
/// Its members are for `PAGIServerHTTP2` only.
public struct HTTP2Handoff: Sendable {
    package let channel: any Channel
    package let context: ServerContext
    package let entry: ConnectionRegistry.Entry
    /// The connection's `tls` extension; `nil` in cleartext.
    package let tls: TLSInfo?
    /// The server is at its connection limit: every request gets 503 without the application.
    package let overLimit: Bool
    private let hold: NIOLoopBound<ProtocolHold>

    init(channel: any Channel, context: ServerContext, entry: ConnectionRegistry.Entry, tls: TLSInfo?, overLimit: Bool, hold: NIOLoopBound<ProtocolHold>) {
        self.channel = channel
        self.context = context
        self.entry = entry
        self.tls = tls
        self.overLimit = overLimit
        self.hold = hold
    }

    /// Passes the bytes held back to the handlers added since, and stops holding. Call it on
    /// the channel's event loop once the HTTP/2 handlers are in the pipeline.
    package func releaseHeldBytes() {
        self.channel.pipeline.syncOperations.removeHandler(self.hold.value, promise: nil)
    }
}
