import PAGI

/// The host and port of a `Host` header or of a pattern naming one (RFC 9110 §7.2:
/// `uri-host [ ":" port ]`).
///
/// The host is lower-cased and loses one trailing dot (`Example.COM.` is `example.com`); an
/// IPv6 literal keeps its brackets (`[::1]`). Only the characters a real host name or address
/// uses are accepted: letters, digits, `-`, `.` and `_` (a `_` appears in some internal names),
/// or, in brackets, hex digits, `:` and `.`.
struct HostAndPort: Sendable, Equatable {
    /// The host, lower-cased; an IPv6 literal with its brackets.
    var host: String
    /// The port, when one was given (`example.com:` gives none).
    var port: Int?

    /// `text` parsed; `nil` when it is empty or not a host with an optional port.
    init?(_ text: some StringProtocol) {
        var rest = Substring(text)
        let host: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            let address = rest[rest.index(after: rest.startIndex)..<close]
            guard address.contains(":"), address.utf8.allSatisfy(Self.isIPv6Byte) else { return nil }
            host = rest[...close]
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(of: ":") ?? rest.endIndex
            host = rest[..<end]
            rest = rest[end...]
            guard !host.isEmpty, host.utf8.allSatisfy(Self.isNameByte) else { return nil }
        }
        if rest.isEmpty || rest == ":" {
            self.port = nil
        } else {
            let digits = rest.dropFirst()
            guard rest.hasPrefix(":"), digits.count <= 5, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let port = Int(digits), port <= 65_535
            else { return nil }
            self.port = port
        }
        var name = host.lowercased()
        if name.count > 1, name.hasSuffix(".") { name.removeLast() }
        guard name != "." else { return nil }
        self.host = name
    }

    /// `host` or `host:port`.
    var authority: String {
        self.port.map { "\(self.host):\($0)" } ?? self.host
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: ":"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}

extension RequestScope {
    /// The request's `Host` header, parsed: `.missing` when there is none (or it is empty),
    /// `.invalid` when it is not a host (or appears more than once).
    var hostHeader: HostHeader {
        let values = self.headers.values(for: .host)
        guard let value = values.first, !value.isEmpty else { return .missing }
        guard values.count == 1, let parsed = HostAndPort(value) else { return .invalid }
        return .valid(parsed)
    }
}

/// What a request's `Host` header holds.
enum HostHeader: Sendable, Equatable {
    case missing
    case invalid
    case valid(HostAndPort)
}
