import ArgumentParser
public import PAGIServer

extension ServerConfiguration.Binding {
    /// A `--listen` value, as Hypercorn's `--bind` takes it: `HOST:PORT` (`[::1]:8000` for
    /// IPv6; `:8000` for every IPv4 interface), `unix:/path/to.sock`, or `fd://N` for an
    /// inherited listening socket. Throws `ValidationError` naming the value when it is none
    /// of these.
    public init(listenSpec spec: String) throws {
        func invalid(_ reason: String) -> ValidationError {
            ValidationError("--listen \(spec): \(reason) (expected HOST:PORT, [IPv6]:PORT, unix:PATH or fd://N)")
        }
        if spec.hasPrefix("unix:") {
            let path = String(spec.dropFirst("unix:".count))
            guard !path.isEmpty else { throw invalid("the socket path is empty") }
            self = .unixSocket(path: path)
        } else if spec.hasPrefix("fd://") {
            guard let descriptor = Int32(spec.dropFirst("fd://".count)), descriptor >= 0 else { throw invalid("not a file descriptor number") }
            self = .fileDescriptor(descriptor)
        } else {
            guard let colon = spec.lastIndex(of: ":") else { throw invalid("no port") }
            var host = Substring(spec[..<colon])
            if host.hasPrefix("[") {
                guard host.hasSuffix("]"), host.count > 2 else { throw invalid("an IPv6 address goes between [ and ]") }
                host = host.dropFirst().dropLast()
            } else if host.contains(":") {
                throw invalid("an IPv6 address goes between [ and ]")
            }
            guard let port = Int(spec[spec.index(after: colon)...]), (0...65535).contains(port) else {
                throw invalid("the port must be a number from 0 to 65535")
            }
            self = .tcp(host: host.isEmpty ? "0.0.0.0" : String(host), port: port)
        }
    }
}
