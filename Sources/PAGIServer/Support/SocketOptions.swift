#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The address family of an open socket (`AF_INET`, `AF_INET6`, `AF_UNIX`), or -1 when
/// `descriptor` is not one.
package func socketFamily(of descriptor: Int32) -> Int32 {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    let status = withUnsafeMutablePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return status == 0 ? Int32(storage.ss_family) : -1
}

extension ServerConfiguration.Binding {
    /// Whether connections arrive over TCP (and so get TCP_NODELAY): a TCP address, or an
    /// inherited socket (a supervisor's, systemd's) that is a TCP one.
    var isTCP: Bool {
        switch self {
        case .tcp: true
        case .unixSocket: false
        case .fileDescriptor(let descriptor): [AF_INET, AF_INET6].contains(socketFamily(of: descriptor))
        }
    }
}

extension ChannelOption where Self == ChannelOptions.Types.SocketOption {
    /// SO_REUSEPORT, which NIO does not name.
    static var reusePort: Self { .socketOption(NIOBSDSocket.Option(rawValue: SO_REUSEPORT)) }
}
