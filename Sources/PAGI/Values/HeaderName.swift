/// A header field name, always lower-cased as the spec requires.
///
/// Upper-case ASCII letters are lower-cased on creation, so `"Content-Type"` and
/// `"content-type"` are the same name. Nothing else is changed or checked here: the event
/// validator rejects a name that is not an RFC 9110 token when an application sends it.
public struct HeaderName: Sendable, Hashable, Comparable {
    /// The lower-cased name.
    public let rawValue: String

    /// Creates a name, lower-casing ASCII letters.
    @inlinable
    public init(_ name: String) {
        if name.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            self.rawValue = HeaderName.lowercased(name)
        } else {
            self.rawValue = name
        }
    }

    @usableFromInline
    static func lowercased(_ name: String) -> String {
        String(decoding: name.utf8.map { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
        }, as: UTF8.self)
    }

    /// Whether the name is a valid RFC 9110 field name (a non-empty token).
    public var isValidToken: Bool {
        !self.rawValue.isEmpty && self.rawValue.utf8.allSatisfy(HeaderName.isTokenByte)
    }

    /// Whether `byte` may appear in an RFC 9110 token (`tchar`).
    @inlinable
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    public static func < (lhs: HeaderName, rhs: HeaderName) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension HeaderName: ExpressibleByStringLiteral, CustomStringConvertible {
    @inlinable
    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { self.rawValue }
}

/// Names of common header fields.
extension HeaderName {
    public static let accept: HeaderName = "accept"
    public static let acceptRanges: HeaderName = "accept-ranges"
    public static let acceptEncoding: HeaderName = "accept-encoding"
    public static let allow: HeaderName = "allow"
    public static let authorization: HeaderName = "authorization"
    public static let cacheControl: HeaderName = "cache-control"
    public static let connection: HeaderName = "connection"
    public static let contentDisposition: HeaderName = "content-disposition"
    public static let contentEncoding: HeaderName = "content-encoding"
    public static let contentLength: HeaderName = "content-length"
    public static let contentRange: HeaderName = "content-range"
    public static let contentType: HeaderName = "content-type"
    public static let cookie: HeaderName = "cookie"
    public static let date: HeaderName = "date"
    public static let eTag: HeaderName = "etag"
    public static let expect: HeaderName = "expect"
    public static let host: HeaderName = "host"
    public static let ifMatch: HeaderName = "if-match"
    public static let ifModifiedSince: HeaderName = "if-modified-since"
    public static let ifNoneMatch: HeaderName = "if-none-match"
    public static let ifRange: HeaderName = "if-range"
    public static let ifUnmodifiedSince: HeaderName = "if-unmodified-since"
    public static let lastEventID: HeaderName = "last-event-id"
    public static let lastModified: HeaderName = "last-modified"
    public static let location: HeaderName = "location"
    public static let range: HeaderName = "range"
    public static let secWebSocketProtocol: HeaderName = "sec-websocket-protocol"
    public static let server: HeaderName = "server"
    public static let setCookie: HeaderName = "set-cookie"
    public static let te: HeaderName = "te"
    public static let trailer: HeaderName = "trailer"
    public static let transferEncoding: HeaderName = "transfer-encoding"
    public static let upgrade: HeaderName = "upgrade"
    public static let userAgent: HeaderName = "user-agent"
    public static let vary: HeaderName = "vary"
    public static let wwwAuthenticate: HeaderName = "www-authenticate"
}
