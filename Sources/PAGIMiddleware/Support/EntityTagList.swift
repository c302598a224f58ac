/// An `If-None-Match` field value (RFC 9110 §13.1.2): `*`, or a list of entity tags
/// (`"a", W/"b"`), compared with a response's `ETag` by the weak comparison (§8.8.3.2): two
/// tags match when their opaque parts are equal, whether either is weak or not.
///
/// Parsing is lenient where clients and applications are sloppy: an element without quotes
/// is taken as it stands, and one that cannot be read is skipped. A comma inside quotes
/// belongs to the tag.
struct EntityTagList: Sendable {
    /// `*`: any current representation matches.
    let isWildcard: Bool
    /// The opaque parts of the tags, without `W/` and quotes.
    let opaqueTags: [Substring]

    init(_ value: String) {
        var tags: [Substring] = []
        var wildcard = false
        var rest = Substring(value)
        while let start = rest.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "," }) {
            rest = rest[start...]
            if rest.hasPrefix("*") {
                wildcard = true
                rest = rest.dropFirst()
                continue
            }
            if rest.hasPrefix("W/") { rest = rest.dropFirst(2) }
            if rest.hasPrefix("\"") {
                let opaque = rest.dropFirst()
                guard let close = opaque.firstIndex(of: "\"") else { break }
                tags.append(opaque[..<close])
                rest = opaque[opaque.index(after: close)...]
            } else {
                let end = rest.firstIndex(where: { $0 == "," || $0 == " " || $0 == "\t" }) ?? rest.endIndex
                tags.append(rest[..<end])
                rest = rest[end...]
            }
        }
        self.isWildcard = wildcard
        self.opaqueTags = tags
    }

    /// Whether `etag` (a response's `ETag` value) matches by the weak comparison.
    func matchesWeakly(_ etag: String) -> Bool {
        guard let opaque = EntityTagList(etag).opaqueTags.first else { return false }
        return self.opaqueTags.contains(opaque)
    }
}
