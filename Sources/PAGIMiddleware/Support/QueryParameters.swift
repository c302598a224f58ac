public import PAGI

/// A query string (or an urlencoded form) as a multi-map: every `name=value` pair in order, percent-decoded (`+` as
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
        self.pairs = Self.rawPairs(raw).map { (String(decoding: $0.name, as: UTF8.self), String(decoding: $0.value, as: UTF8.self)) }
    }

    /// Parses a raw query string (or urlencoded form) strictly: `nil` when a name or value is
    /// not UTF-8 once percent-decoded.
    public init?(strictlyDecoding raw: ByteString) {
        var pairs: [(name: String, value: String)] = []
        for pair in Self.rawPairs(raw) {
            guard let name = String(validating: pair.name, as: UTF8.self), let value = String(validating: pair.value, as: UTF8.self) else { return nil }
            pairs.append((name, value))
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

    /// The `name=value` pairs of `raw`, percent-decoded (`+` as a space), as bytes.
    public static func rawPairs(_ raw: ByteString) -> [(name: [UInt8], value: [UInt8])] {
        raw.bytes.split(separator: UInt8(ascii: "&")).map { part in
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(pieces[0]), pieces.count > 1 ? Self.decode(pieces[1]) : [])
        }
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.withUnsafeBytes { PercentEncoding.decode($0, plusAsSpace: true) }
    }
}
