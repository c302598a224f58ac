public import PAGI

/// The cookies a request carries: the `name=value` pairs of its `Cookie` fields, values
/// percent-decoded (the encoding ``Cookie`` applies) and unquoted; the first value of a name
/// wins.
///
/// ```swift
/// let cookies = RequestCookies(headers: request.headers)
/// cookies["theme"]   // "dark"
/// ```
///
/// The ``Cookies`` middleware puts one in the scope (`request[.cookies]`).
public struct RequestCookies: Sendable, Hashable {
    /// Every cookie, by name.
    public var values: [String: String]

    /// The cookies in `values`.
    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    /// The cookies of every `Cookie` field in `headers`.
    public init(headers: Headers) {
        var values: [String: String] = [:]
        for field in headers where field.name == .cookie {
            for pair in field.value.text.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.trimmed(parts[0])
                guard !name.isEmpty, values[name] == nil else { continue }
                var value = parts.count > 1 ? Self.trimmed(parts[1]) : ""
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                values[name] = String(decoding: Array(value.utf8).withUnsafeBytes { PercentEncoding.decode($0, plusAsSpace: false) }, as: UTF8.self)
            }
        }
        self.values = values
    }

    /// The value of the cookie `name`.
    public subscript(name: String) -> String? { self.values[name] }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
