package import NIOCore
package import PAGI

/// What a ``WebSocketSession`` needs from the connection it runs on: bytes in and out, the
/// handshake's answers, and a way to end. An HTTP/1 connection (after `101 Switching
/// Protocols`) and an HTTP/2 stream (RFC 8441 extended CONNECT) each provide one, so the
/// frames, permessage-deflate, pings and the close handshake are written once.
///
/// The session holds it as an existential made once per WebSocket; reading takes a
/// non-escaping parse closure, so a frame costs no allocation for the indirection.
package protocol WebSocketTransport: Sendable {
    /// The event loop that runs the session's timers (pings, the pong and close deadlines).
    var eventLoop: any EventLoop { get }

    /// Runs `parse` on the bytes read so far, reading more until it returns a value; `nil`
    /// when the client's side ends first.
    func read<Value>(_ parse: (inout ByteBuffer) throws -> Value?) async throws -> Value?

    /// Writes WebSocket frames, as one flush; returns once the transport took them (flow
    /// control included). Throws when the connection is gone.
    func write(_ parts: [IOData]) async throws

    /// Why the session ends when a write failed (the write error, or a timeout that cut it).
    var writeFailureReason: DisconnectReason { get }

    /// The status that accepts the handshake, for the access log: 101 on HTTP/1, 200 on HTTP/2.
    var acceptStatus: HTTPResponse.Status { get }

    /// Accepts the handshake: `101 Switching Protocols` on HTTP/1, `:status 200` on HTTP/2.
    func writeAccept(subprotocol: String?, headers: Headers) async throws

    /// Refuses the handshake with the server's own response (`status` and its reason phrase).
    func writeRefusal(_ status: HTTPResponse.Status) async throws

    /// The exchange that writes the application's denial response as an ordinary HTTP response.
    func makeDenial() -> any WebSocketDenial

    /// Stops sending, keeping the reading side open: a TCP half-close, or END_STREAM.
    func finishSending()

    /// Ends the WebSocket's connection (or stream) at once.
    func close()
}

/// An application's denial of a WebSocket handshake, written as an ordinary HTTP response.
package protocol WebSocketDenial: AccessLoggedExchange, AnyObject, Sendable {
    /// Sends a response event (`http.response.start` or `http.response.body`).
    func send(_ event: OutboundEvent) async throws
    /// The connection is gone: the denial stops.
    func end(_ reason: DisconnectReason)
    /// Applies the HTTP failure rules to a denial the application left unfinished.
    func finishDenial(threw error: (any Error)?) async
}
