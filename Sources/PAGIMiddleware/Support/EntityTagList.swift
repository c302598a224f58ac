/// An `If-Match` or `If-None-Match` value (RFC 9110 §13.1.1–2): `*`, or a list of entity tags
/// (`"a", W/"b"`), read tag by tag so that a comma inside a quoted tag is not a separator;
/// an unquoted tag from a sloppy client is read up to the next comma or space.
public struct EntityTagList: Sendable {
    /// One tag: its opaque part (without `W/` and quotes) and whether it is weak.
    struct Tag: Sendable {
        var opaque: Substring
        var isWeak: Bool
    }

    /// `*`: any current representation matches.
    public let isWildcard: Bool
    let tags: [Tag]

    public init(_ value: String) {
        var tags: [Tag] = []
        var wildcard = false
        var rest = Substring(value)
        while let start = rest.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "," }) {
            rest = rest[start...]
            if rest.hasPrefix("*") {
                wildcard = true
                rest = rest.dropFirst()
                continue
            }
            let weak = rest.hasPrefix("W/")
            if weak { rest = rest.dropFirst(2) }
            if rest.hasPrefix("\"") {
                let opaque = rest.dropFirst()
                guard let close = opaque.firstIndex(of: "\"") else { break }
                tags.append(Tag(opaque: opaque[..<close], isWeak: weak))
                rest = opaque[opaque.index(after: close)...]
            } else {
                let end = rest.firstIndex(where: { $0 == "," || $0 == " " || $0 == "\t" }) ?? rest.endIndex
                tags.append(Tag(opaque: rest[..<end], isWeak: weak))
                rest = rest[end...]
            }
        }
        self.isWildcard = wildcard
        self.tags = tags
    }

    /// Whether the list matches `etag` (a response's `ETag` value): `*` always; otherwise by
    /// the weak comparison (`W/` ignored on both sides, for `If-None-Match`) or the strong one
    /// (both tags strong and equal, for `If-Match`).
    public func matches(_ etag: String, weak: Bool) -> Bool {
        if self.isWildcard { return true }
        guard let tag = EntityTagList(etag).tags.first else { return false }
        return self.tags.contains { candidate in
            candidate.opaque == tag.opaque && (weak || (!candidate.isWeak && !tag.isWeak))
        }
    }

    /// Whether `etag` matches by the weak comparison (`*` included).
    func matchesWeakly(_ etag: String) -> Bool {
        self.matches(etag, weak: true)
    }
}
