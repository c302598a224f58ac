// Worker processes use Linux's /proc and posix_spawn's Linux behaviour: Linux only.
#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PAGIServer

/// A listening socket the supervisor opens itself, so that its workers can inherit it: plain
/// POSIX calls, because NIO keeps its sockets to itself.
struct ListeningSocket {
    /// The descriptor (close-on-exec: a worker gets its own copy at a fixed number).
    let descriptor: Int32
    /// What it listens on, for the log: `http://127.0.0.1:8000/` or `unix:/path`.
    let address: String

    /// Opens `binding` and listens with `backlog`; an inherited descriptor is used as it is.
    static func open(_ binding: ServerConfiguration.Binding, backlog: Int) throws(ListenError) -> ListeningSocket {
        switch binding {
        case .tcp(let host, let port): return try self.openTCP(host: host, port: port, backlog: backlog)
        case .unixSocket(let path): return try self.openUnix(path: path, backlog: backlog)
        case .fileDescriptor(let descriptor):
            guard fcntl(descriptor, F_GETFD) != -1 else { throw ListenError(place: "file descriptor \(descriptor)", errno: errno) }
            guard socketFamily(of: descriptor) >= 0 else { throw ListenError(place: "file descriptor \(descriptor)", message: "it is not a socket") }
            return ListeningSocket(descriptor: descriptor, address: Self.describe(descriptor))
        }
    }

    private static func openTCP(host: String, port: Int, backlog: Int) throws(ListenError) -> ListeningSocket {
        let place = ServerConfiguration.Binding.tcp(host: host, port: port).description
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let info = found else { throw ListenError(place: place, message: String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(info) }
        let descriptor = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ListenError(place: place, errno: errno) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(descriptor, Int32(backlog)) == 0 else {
            let error = ListenError(place: place, errno: errno)
            close(descriptor)
            throw error
        }
        return ListeningSocket(descriptor: descriptor, address: Self.describe(descriptor))
    }

    private static func openUnix(path: String, backlog: Int) throws(ListenError) -> ListeningSocket {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { throw ListenError(place: path, message: "the path is longer than \(capacity - 1) bytes") }
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.enumerated() { bytes[index] = byte }
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw ListenError(place: path, errno: errno) }
        // The server replaces a socket file left behind, as the single-process server does.
        var status = stat()
        if lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(descriptor, Int32(backlog)) == 0 else {
            let error = ListenError(place: path, errno: errno)
            close(descriptor)
            throw error
        }
        return ListeningSocket(descriptor: descriptor, address: "unix:\(path)")
    }

    /// `http://host:port/` for a TCP socket (the real port when 0 was asked for), `unix:path`
    /// for a Unix one.
    private static func describe(_ descriptor: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        switch Int32(storage.ss_family) {
        case AF_INET, AF_INET6:
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST)), service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
            _ = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    getnameinfo($0, length, &host, socklen_t(host.count), &service, socklen_t(service.count), NI_NUMERICHOST | NI_NUMERICSERV)
                }
            }
            let address = Self.text(host), port = Self.text(service)
            return address.contains(":") ? "http://[\(address)]:\(port)/" : "http://\(address):\(port)/"
        case AF_UNIX:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_un.self, capacity: 1) { unix in
                    "unix:" + withUnsafeBytes(of: unix.pointee.sun_path) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                }
            }
        default:
            return "file descriptor \(descriptor)"
        }
    }
}

extension ListeningSocket {
    /// A NUL-terminated C string as a String.
    fileprivate static func text(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
#endif
