public import PAGI

/// A query string as a multi-map: every `name=value` pair in order, percent-decoded (`+` as
/// a space), invalid UTF-8 replaced with U+FFFD.
///
/// ```swift
/// context.query["q"]            // the first value, or nil
/// context.query.values(for: "tag")  // every value
/// ```
public struct QueryParameters: Sendable, Sequence {
    public let pairs: [(name: String, value: String)]

    /// Parses a raw (still percent-encoded) query string.
    public init(_ raw: ByteString) {
        var pairs: [(String, String)] = []
        for part in raw.text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append((Self.decode(pieces[0]), pieces.count > 1 ? Self.decode(pieces[1]) : ""))
        }
        self.pairs = pairs
    }

    /// `pairs` as they are (already decoded): form fields from another source, such as a
    /// multipart body.
    public init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    /// The first value of `name`.
    public subscript(_ name: String) -> String? {
        self.pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        self.pairs.filter { $0.name == name }.map(\.value)
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        self.pairs.makeIterator()
    }

    private static func decode(_ text: Substring) -> String {
        let bytes = Array(text.utf8).withUnsafeBytes { PercentEncoding.decode($0, plusAsSpace: true) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
