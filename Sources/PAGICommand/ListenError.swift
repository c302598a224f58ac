#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Binding failed: one line naming the address and the reason.
struct ListenError: Error, CustomStringConvertible {
    let place: String
    let message: String

    init(place: String, message: String) {
        self.place = place
        self.message = message
    }

    init(place: String, errno code: Int32) {
        let reason: String
        switch code {
        case EADDRINUSE: reason = "the address is already in use"
        case EACCES, EPERM: reason = "permission denied"
        case EADDRNOTAVAIL: reason = "the address is not available on this machine"
        case EBADF: reason = "it is not an open file descriptor"
        default: reason = String(cString: strerror(code))
        }
        self.init(place: place, message: reason)
    }

    var description: String { "cannot listen on \(self.place): \(self.message)" }
}
