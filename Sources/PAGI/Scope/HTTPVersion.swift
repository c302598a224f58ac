/// The HTTP version of a request scope, spelled as the spec spells it: `"1.0"`, `"1.1"`, `"2"`.
public struct HTTPVersion: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// HTTP/1.0.
    public static let http1_0 = HTTPVersion(rawValue: "1.0")
    /// HTTP/1.1.
    public static let http1_1 = HTTPVersion(rawValue: "1.1")
    /// HTTP/2.
    public static let http2 = HTTPVersion(rawValue: "2")

    public var description: String { self.rawValue }
}
