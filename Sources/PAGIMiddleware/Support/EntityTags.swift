/// Entity tags (RFC 9110 §8.8.3) as `If-Match` and `If-None-Match` list them.
public enum EntityTags {
    /// Whether the list `header` (`*`, or `"a", W/"b"`) matches `etag`: the weak comparison
    /// ignores `W/` on both sides, the strong one refuses weak tags.
    public static func list(_ header: String, matches etag: String, weak: Bool) -> Bool {
        var etag = Substring(etag)
        if etag.hasPrefix("W/") {
            guard weak else { return false }
            etag = etag.dropFirst(2)
        }
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingSpaces
            if tag == "*" { return true }
            if tag.hasPrefix("W/") {
                guard weak else { continue }
                tag = tag.dropFirst(2)
            }
            if tag == etag { return true }
        }
        return false
    }
}
