/// Why a connection or request ended abnormally: the spec's standard disconnect reasons.
///
/// Servers may add their own, prefixed `x-` (``custom(_:)``).
public struct DisconnectReason: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A server-defined reason; `name` gets the `x-` prefix when it lacks one.
    public static func custom(_ name: String) -> DisconnectReason {
        DisconnectReason(rawValue: name.hasPrefix("x-") ? name : "x-" + name)
    }

    /// The client closed the connection (TCP FIN) mid-request.
    public static let clientClosed = DisconnectReason(rawValue: "client_closed")
    /// The client stopped responding (read timeout).
    public static let clientTimeout = DisconnectReason(rawValue: "client_timeout")
    /// The connection idled too long before a request arrived.
    public static let idleTimeout = DisconnectReason(rawValue: "idle_timeout")
    /// A keep-alive connection idled out between requests, or a keepalive ping went unanswered.
    public static let keepaliveTimeout = DisconnectReason(rawValue: "keepalive_timeout")
    /// Writing the response timed out.
    public static let writeTimeout = DisconnectReason(rawValue: "write_timeout")
    /// Writing to the socket failed.
    public static let writeError = DisconnectReason(rawValue: "write_error")
    /// Reading from the socket failed.
    public static let readError = DisconnectReason(rawValue: "read_error")
    /// The peer broke the protocol (a parse error, a bad frame).
    public static let protocolError = DisconnectReason(rawValue: "protocol_error")
    /// The server is shutting down.
    public static let serverShutdown = DisconnectReason(rawValue: "server_shutdown")
    /// An unhandled server-side error aborted the request.
    public static let serverError = DisconnectReason(rawValue: "server_error")
    /// The request body exceeded the limit.
    public static let bodyTooLarge = DisconnectReason(rawValue: "body_too_large")
    /// A bounded server queue overflowed and the connection was dropped.
    public static let queueOverflow = DisconnectReason(rawValue: "queue_overflow")

    public var description: String { self.rawValue }
}
