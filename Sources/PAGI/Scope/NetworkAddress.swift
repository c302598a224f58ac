/// One end of a connection: the spec's `client` and `server` keys.
///
/// The spec writes these as `[host, port]` for TCP and `[path, undef]` for a Unix socket.
public enum NetworkAddress: Sendable, Hashable, CustomStringConvertible {
    /// A TCP endpoint: an IP address (or host name) and a port.
    case tcp(host: String, port: Int)
    /// A Unix domain socket, by its path.
    case unix(path: String)

    /// The host, or the socket path for a Unix socket.
    public var host: String {
        switch self {
        case .tcp(let host, _): return host
        case .unix(let path): return path
        }
    }

    /// The port, or `nil` for a Unix socket.
    public var port: Int? {
        switch self {
        case .tcp(_, let port): return port
        case .unix: return nil
        }
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }
}
