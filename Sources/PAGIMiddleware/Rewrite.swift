public import PAGI

/// Changes request paths before the application sees them, or redirects the client to the
/// new path, by rules tried in order (the first that matches applies).
///
/// ```swift
/// Rewrite([
///     .exact("/about-us", to: "/about"),
///     .prefix("/blog", to: "/articles"),                    // /blog/x → /articles/x
///     .regex(#/^\/users\/(\d+)$/#, to: "/people/$1"),
///     try .regex(#"^/p/(?<id>\d+)$"#, to: "/products?id=${id}"),
///     .exact("/old-home", to: "https://example.org/").redirect(),
/// ])
/// ```
///
/// - Rules match `path` (percent-decoded, without `root_path`). A regular expression is
///   searched for anywhere in it (anchor it with `^` and `$`); in its target `$1` … `$n` are
///   its captures, `$0` the whole match, `${name}` a named capture, `$$` a dollar sign.
/// - An internal rewrite (the default) changes `path` and `raw_path` (the new path
///   percent-encoded); the query string is kept, after the target's own query when the target
///   has one (`/products?id=7&page=2`). The path the client asked for is in the scope as
///   `request[.originalPath]`.
/// - A redirect (`redirect: true`, or a rule's `.redirect()`) answers with `Location` set to
///   the target (a path is put under `root_path`; a URL is used as it is) and the query.
///   301 by default; for methods other than `GET` and `HEAD` the status that keeps the
///   method (308 or 307). An event stream is declined with the redirect; a WebSocket
///   handshake refused with it (see ``HTTPSRedirect``).
///
/// It applies to `http`, `websocket` and `sse` scopes.
public struct Rewrite: Middleware {
    /// One rule: what it matches, the target, and whether it redirects.
    public struct Rule: Sendable {
        enum Matcher: Sendable {
            case exact(String)
            case prefix(String)
            case regex(SharedRegex)
        }

        let matcher: Matcher
        let target: String
        /// The redirect status, or `nil` to follow the middleware's choice.
        var redirectStatus: HTTPResponse.Status?

        /// `path` exactly.
        public static func exact(_ path: String, to target: String) -> Rule {
            Rule(matcher: .exact(path), target: target)
        }

        /// `prefix` and every path below it (`/blog`: `/blog` and `/blog/x`, not `/blogs`);
        /// the rest of the path is appended to `target`.
        public static func prefix(_ prefix: String, to target: String) -> Rule {
            var prefix = prefix
            while prefix.count > 1 && prefix.hasSuffix("/") { prefix.removeLast() }
            return Rule(matcher: .prefix(prefix), target: target)
        }

        /// Paths in which `regex` is found; `$1`, `${name}` … in `template` are its captures.
        public static func regex<Output>(_ regex: Regex<Output>, to template: String) -> Rule {
            Rule(matcher: .regex(SharedRegex(Regex<AnyRegexOutput>(regex))), target: template)
        }

        /// Paths in which the regular expression `pattern` is found; throws when `pattern` is
        /// not a regular expression.
        public static func regex(_ pattern: String, to template: String) throws -> Rule {
            Rule(matcher: .regex(SharedRegex(try Regex(pattern))), target: template)
        }

        /// This rule as a redirect with `status`.
        public func redirect(_ status: HTTPResponse.Status = .movedPermanently) -> Rule {
            var rule = self
            rule.redirectStatus = status
            return rule
        }

        /// The target for `path`, or `nil` when the rule does not match it: the new path (not
        /// encoded) and the target's query (encoded), if any.
        func apply(to path: String) -> (path: String, query: String?)? {
            let (targetPath, targetQuery) = Self.split(self.target)
            switch self.matcher {
            case .exact(let exact):
                guard path == exact else { return nil }
                return (targetPath, targetQuery)
            case .prefix(let prefix):
                let rest: Substring
                if prefix == "/" {
                    rest = Substring(path)
                } else {
                    guard path.hasPrefix(prefix) else { return nil }
                    rest = path.dropFirst(prefix.count)
                    guard rest.isEmpty || rest.hasPrefix("/") else { return nil }
                }
                var joined = targetPath
                if joined.hasSuffix("/") && rest.hasPrefix("/") { joined.removeLast() }
                return (joined + rest, targetQuery)
            case .regex(let regex):
                guard let match = path.firstMatch(of: regex.regex) else { return nil }
                return (
                    Self.substitute(match.output, into: targetPath) { String($0) },
                    targetQuery.map { Self.substitute(match.output, into: $0, encoding: PercentEncoding.encodeComponent) }
                )
            }
        }

        /// `target` split at its first `?`.
        private static func split(_ target: String) -> (String, String?) {
            guard let mark = target.firstIndex(of: "?") else { return (target, nil) }
            return (String(target[..<mark]), String(target[target.index(after: mark)...]))
        }

        /// `template` with `$n`, `${n}`, `${name}` and `$$` replaced; captures through `encoding`.
        static func substitute(_ output: AnyRegexOutput, into template: String, encoding: (String) -> String) -> String {
            var result = ""
            var rest = Substring(template)
            while let dollar = rest.firstIndex(of: "$") {
                result += rest[..<dollar]
                rest = rest[rest.index(after: dollar)...]
                var reference: Substring
                if rest.hasPrefix("$") {
                    result += "$"
                    rest = rest.dropFirst()
                    continue
                } else if rest.hasPrefix("{"), let close = rest.firstIndex(of: "}") {
                    reference = rest[rest.index(after: rest.startIndex)..<close]
                    rest = rest[rest.index(after: close)...]
                } else {
                    reference = rest.prefix(while: \.isASCIIDigitCharacter)
                    guard !reference.isEmpty else {
                        result += "$"
                        continue
                    }
                    rest = rest.dropFirst(reference.count)
                }
                let capture: Substring?
                if let index = Int(reference) {
                    capture = index < output.count ? output[index].substring : nil
                } else {
                    capture = output[String(reference)]?.substring
                }
                result += encoding(String(capture ?? ""))
            }
            return result + rest
        }
    }

    let rules: [Rule]
    /// The status of redirects when the middleware redirects (the rule's own when it has one).
    let redirectStatus: HTTPResponse.Status?

    /// `rules`, tried in order; with `redirect`, every rule redirects with `redirectStatus`
    /// (301 by default), otherwise only those marked `.redirect()`.
    public init(_ rules: [Rule], redirect: Bool = false, redirectStatus: HTTPResponse.Status = .movedPermanently) {
        self.rules = rules
        self.redirectStatus = redirect ? redirectStatus : nil
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard var request = scope.request else { return try await app(scope, receive, send) }
            for rule in self.rules {
                guard let (path, targetQuery) = rule.apply(to: request.path) else { continue }
                // A rule that leaves the request as it is does nothing (and never redirects to itself).
                if path == request.path && targetQuery == nil { break }
                var query = targetQuery ?? ""
                if !request.queryString.isEmpty {
                    query += (query.isEmpty ? "" : "&") + URIEscaping.escapingUnsafeBytes(request.queryString)
                }
                if let status = rule.redirectStatus ?? self.redirectStatus {
                    var location = path.hasPrefix("/")
                        ? PercentEncoding.encodePath(request.rootPath + path)
                        : URIEscaping.escapingUnsafeBytes(ByteString(path))
                    if !query.isEmpty { location += "?" + query }
                    return try await PlainTextAnswer.send(
                        RedirectStatus.status(status, for: request.method),
                        "Redirecting to \(location)",
                        headers: ["location": ByteString(location)],
                        in: scope,
                        to: send
                    )
                }
                if request[.originalPath] == nil { request[.originalPath] = request.path }
                request.path = path
                request.rawPath = ByteString(PercentEncoding.encodePath(path))
                if targetQuery != nil { request.queryString = ByteString(query) }
                var inner = scope
                inner.request = request
                return try await app(inner, receive, send)
            }
            try await app(scope, receive, send)
        }
    }
}

extension ScopeKey where Value == String {
    /// `pagi.original_path`: the path the client asked for, when ``Rewrite`` changed it.
    public static let originalPath = ScopeKey("pagi.original_path")
}

/// A regular expression matched by every request, from many tasks at once.
///
/// `Regex` is not declared `Sendable`, but matching does not change it: its program is
/// compiled once, lazily, and published atomically (swift-experimental-string-processing,
/// `Regex.Program.loweredProgram`); it is compiled here, up front. A regex built with
/// RegexBuilder that holds a custom component with mutable state is not safe to share: give
/// `Rewrite` regex literals, patterns, or builders without such components.
final class SharedRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    init(_ regex: Regex<AnyRegexOutput>) {
        self.regex = regex
        _ = "".firstMatch(of: regex)
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { self >= "0" && self <= "9" }
}
