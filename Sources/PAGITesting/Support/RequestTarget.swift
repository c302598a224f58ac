import PAGI

/// Turning a test's request target into the raw bytes a real client would send.
enum RequestTarget {
    /// Splits `target` into raw path and query, percent-encoding what a client would encode
    /// (spaces, non-ASCII) and keeping escapes already present. A fragment is dropped.
    static func split(_ target: String) -> (rawPath: ByteString, query: ByteString) {
        var target = Substring(target)
        if let hash = target.firstIndex(of: "#") { target = target[..<hash] }
        let path: Substring
        let query: Substring
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            query = target[target.index(after: mark)...]
        } else {
            path = target
            query = ""
        }
        let rawPath = encode(path.isEmpty ? "/" : path, keeping: "/:@!$&'()*+,;=%")
        return (ByteString(rawPath), ByteString(encode(query, keeping: "/?:@!$&'()*+,;=%")))
    }

    /// Joins several `cookie` fields into one, with `"; "`, as servers must.
    static func joiningCookies(_ headers: Headers) -> Headers {
        let cookies = headers.values(for: .cookie)
        guard cookies.count > 1 else { return headers }
        var joined = headers
        joined.replace(.cookie, with: ByteString(cookies.joined(separator: "; ")))
        return joined
    }

    private static func encode(_ text: Substring, keeping extra: String) -> String {
        let keep = Set(extra.utf8)
        return PercentEncoding.encode(text) { PercentEncoding.isUnreserved($0) || keep.contains($0) }
    }
}
