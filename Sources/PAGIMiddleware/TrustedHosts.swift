public import PAGI

/// Lets through only requests whose `Host` header names one of the application's hosts;
/// the others get 400. An application that builds URLs from `Host` (links in emails,
/// redirects, password-reset pages) cannot then be tricked into pointing at another site, and
/// a cache in front of it cannot be poisoned with such pages.
///
/// ```swift
/// TrustedHosts(["example.com", "*.example.com", "localhost:8080", "[::1]"])
/// ```
///
/// A pattern is:
/// - a host name or address: `example.com`, `127.0.0.1`, `[::1]` (an IPv6 literal in
///   brackets, as in `Host`), matched without regard to case or a trailing dot;
/// - `*.example.com`: any subdomain of `example.com`, at any depth, but not `example.com`
///   itself (list both);
/// - `*`: any host (useful only with a port: `*:8080`);
/// - any of these with `:port`: that port only. Without a port, any port matches.
///
/// A request without `Host` (HTTP/1.0), or with an empty one, gets 400 unless `allowEmpty`.
/// A `Host` that is not a host (`a b`, `x@evil`, two `Host` fields) always gets 400.
///
/// It applies to `http`, `websocket` and `sse` scopes: a refused WebSocket handshake gets the
/// 400 as a denial response when the server offers the extension (otherwise
/// `websocket.close`, which servers answer with 403), a refused stream as a decline.
public struct TrustedHosts: Middleware {
    /// One allowed host pattern.
    struct Pattern: Sendable {
        enum Host: Sendable {
            case any
            case exact(String)
            /// `.example.com`: ends with it.
            case subdomain(of: String)
        }

        let host: Host
        let port: Int?

        init?(_ text: String) {
            var rest = Substring(text)
            if rest == "*" || rest.hasPrefix("*:") {
                self.host = .any
                rest = rest.dropFirst()
                guard rest.isEmpty || HostAndPort("x" + rest) != nil else { return nil }
                self.port = rest.isEmpty ? nil : HostAndPort("x" + rest)?.port
                return
            }
            let wildcard = rest.hasPrefix("*.")
            if wildcard { rest = rest.dropFirst(2) }
            guard let parsed = HostAndPort(rest), !(wildcard && parsed.host.hasPrefix("[")) else { return nil }
            self.host = wildcard ? .subdomain(of: "." + parsed.host) : .exact(parsed.host)
            self.port = parsed.port
        }

        func matches(_ candidate: HostAndPort) -> Bool {
            if let port, candidate.port != port { return false }
            switch self.host {
            case .any: return true
            case .exact(let host): return candidate.host == host
            case .subdomain(let suffix): return candidate.host.hasSuffix(suffix)
            }
        }
    }

    let patterns: [Pattern]
    /// Whether requests without a `Host` (or with an empty one) are let through.
    public let allowEmpty: Bool

    /// Only the hosts `hosts` (patterns as described above). A pattern that cannot be read
    /// stops the program: it is a mistake in the code that builds the stack.
    public init(_ hosts: [String], allowEmpty: Bool = false) {
        self.patterns = hosts.map { text in
            guard let pattern = Pattern(text) else { preconditionFailure("TrustedHosts: \(String(reflecting: text)) is not a host pattern") }
            return pattern
        }
        self.allowEmpty = allowEmpty
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard let request = scope.request else { return try await app(scope, receive, send) }
            switch request.hostHeader {
            case .valid(let host) where self.patterns.contains(where: { $0.matches(host) }):
                try await app(scope, receive, send)
            case .missing where self.allowEmpty:
                try await app(scope, receive, send)
            case .missing:
                try await PlainTextAnswer.send(.badRequest, "Missing Host header", in: scope, to: send)
            case .invalid, .valid:
                try await PlainTextAnswer.send(.badRequest, "Invalid Host header", in: scope, to: send)
            }
        }
    }
}
