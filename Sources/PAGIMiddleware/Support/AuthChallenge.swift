import PAGI

/// What the authentication middleware (``BasicAuth``, ``BearerAuth``) share: which paths they
/// guard, how they read `Authorization` and how they write a challenge's parameters.
enum AuthChallenge {
    /// Whether `path` needs credentials: every path when `paths` is `nil`, otherwise those
    /// starting with one of the prefixes (`/admin` guards `/admin`, `/admin/x` and `/admins`).
    static func guards(_ path: String, paths: [String]?) -> Bool {
        guard let paths else { return true }
        return paths.contains { path.hasPrefix($0) }
    }

    /// The credentials of the first `Authorization` field when its scheme is `scheme` (compared
    /// without case); `nil` when there is no such field or another scheme.
    static func credentials(_ request: RequestScope, scheme: String) -> Substring? {
        guard let field = request.headers[.authorization] else { return nil }
        let parts = field.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.first?.lowercased() == scheme.lowercased() else { return nil }
        return parts.count > 1 ? parts[1].drop { $0 == " " } : ""
    }

    /// `value` as an RFC 9110 quoted string.
    static func quoted(_ value: String) -> String {
        "\"" + value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
