public import NIOCore
public import PAGI

/// Security for the server's connections (TLS), plugged in through
/// ``ServerConfiguration/connectionSecurity``. `PAGIServerTLS` provides one on NIOSSL, so
/// that this target, and a plain HTTP application, never builds BoringSSL.
///
/// For each accepted connection the server calls ``secure(_:)`` on the connection's event
/// loop, before its own handlers exist, and then waits for the returned handshake before it
/// reads the first request. A cleartext server has none and pays nothing for it.
public protocol ConnectionSecurity: Sendable {
    /// Adds the handlers that secure `channel`, a newly accepted connection, to the front of
    /// its pipeline (bytes read pass through them before the server's HTTP handling; bytes
    /// written pass through them last). Runs on the channel's event loop. The handlers must
    /// carry `IOData` writes, file regions included, and must close the connection when the
    /// handshake fails or takes too long. Throwing closes the connection.
    func secure(_ channel: any Channel) throws -> any ConnectionHandshake
}

/// A handshake in progress on one connection.
public protocol ConnectionHandshake: Sendable {
    /// Waits until the connection is secured and returns what its scopes show; throws when
    /// the handshake failed, timed out or the connection closed first (the server then drops
    /// the connection without a response).
    func secured() async throws -> SecuredConnection
}

/// What a secured connection tells the server, found once per connection.
public struct SecuredConnection: Sendable, Hashable {
    /// The `tls` extension every scope of the connection carries (its scheme is then `https`
    /// or `wss`).
    public var tls: TLSInfo
    /// The application protocol the handshake chose (ALPN), such as `http/1.1`; `nil` when
    /// the client offered none.
    public var applicationProtocol: String?

    /// A secured connection's facts.
    public init(tls: TLSInfo, applicationProtocol: String? = nil) {
        self.tls = tls
        self.applicationProtocol = applicationProtocol
    }
}
