public import PAGI

/// Believes what trusted proxies say about the client: when the connection comes from one of
/// `trustedProxies`, the scope the application sees gets the original client address, scheme
/// and host, and the prefix the proxy serves the application under, from `Forwarded`
/// (RFC 7239) or, without it, from `X-Forwarded-For`, `-Proto`, `-Host`, `-Port` and
/// `-Prefix`. Requests from anyone else keep what the connection says: forged headers from
/// clients change nothing.
///
/// Which hop is the client: proxies append to the lists, so they are read from the right,
/// skipping the addresses of trusted proxies; the first one left is the client (all trusted:
/// the leftmost). `Proto`, `Host` and `Port` lists are read at the same position when they
/// have as many entries, and otherwise their first entry counts.
///
/// - `trustedProxies`: the proxies' addresses or CIDR ranges, IPv4 and IPv6
///   (`"127.0.0.1, ::1"`, as Perl's default; `*` trusts everyone, which only a server that
///   nothing but the proxy can reach may do). `pagi-server --proxy-headers
///   --forwarded-allow-ips LIST` applies ``resolve(_:)`` where the server builds its scopes,
///   so that its access log shows the forwarded client too.
/// - What changes: `client` (port 0: the proxies do not say it, as uvicorn does), `scheme` (`https` →
///   `wss` for WebSockets), the `host` header (replaced), `server` (host and port), and
///   `root_path` (the prefix put in front).
public struct ReverseProxy: Middleware {
    let trustedProxies: AddressRangeList

    public init(trustedProxies: AddressRangeList) {
        self.trustedProxies = trustedProxies
    }

    /// Trusts the proxies in `trustedProxies`, a comma-separated list (`"127.0.0.1, ::1"`).
    public init(trustedProxies: String = "127.0.0.1, ::1") throws(AddressRangeError) {
        self.trustedProxies = try AddressRangeList(trustedProxies)
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in try await app(self.resolve(scope), receive, send) }
    }

    /// `scope` as the client sent it to the first proxy, when its connection comes from a
    /// trusted proxy that said something; otherwise `scope` itself. A server can call this
    /// where it builds its scopes (``PAGIServer``'s `rewriteScope`), so that its access log
    /// shows the forwarded client too.
    public func resolve(_ scope: Scope) -> Scope {
        // The header scan first: most requests carry no forwarding header, and then the
        // client's address need not be parsed.
        guard let request = scope.request, ForwardedHeaders.present(in: request.headers),
              let client = request.client, self.trustedProxies.contains(client),
              let forwarded = ForwardedHeaders(request.headers, trusted: self.trustedProxies)
        else { return scope }
        var resolved = scope
        resolved.request = forwarded.applied(to: request, websocket: scope.type == .websocket)
        return resolved
    }
}

/// What the proxies said about the original request, for the client's hop.
struct ForwardedHeaders: Equatable {
    var client: String?
    var scheme: String?
    var host: String?
    var port: Int?
    var prefix: String?

    /// The forwarded facts in `headers` (`Forwarded` first, else `X-Forwarded-*`), or `nil`
    /// when the proxies said nothing.
    init?(_ headers: Headers, trusted: AddressRangeList) {
        guard Self.present(in: headers) else { return nil }
        if headers.contains("forwarded") {
            let elements = Self.elements(headers.values(for: "forwarded"))
            let index = Self.clientIndex(elements.map { $0["for"].map(Self.nodeAddress) ?? "" }, trusted: trusted)
            guard let index else { return nil }
            let element = elements[index]
            self.client = element["for"].map(Self.nodeAddress)
            self.scheme = element["proto"]?.lowercased()
            self.host = element["host"]
        } else {
            let clients = Self.list(headers, "x-forwarded-for")
            let index = Self.clientIndex(clients, trusted: trusted)
            self.client = index.map { clients[$0] }
            self.scheme = Self.entry(Self.list(headers, "x-forwarded-proto"), at: index, of: clients.count)?.lowercased()
            self.host = Self.entry(Self.list(headers, "x-forwarded-host"), at: index, of: clients.count)
            self.port = Self.entry(Self.list(headers, "x-forwarded-port"), at: index, of: clients.count).flatMap { Int($0) }
        }
        self.prefix = Self.list(headers, "x-forwarded-prefix").first.map { prefix in
            var prefix = prefix.hasPrefix("/") ? prefix : "/" + prefix
            while prefix.hasSuffix("/") { prefix.removeLast() }
            return prefix
        }
        if self.client == nil && self.scheme == nil && self.host == nil && self.port == nil && self.prefix == nil { return nil }
    }

    /// Whether `headers` has a forwarding field: one pass, no allocation.
    static func present(in headers: Headers) -> Bool {
        headers.contains { $0.name == "forwarded" || $0.name.rawValue.hasPrefix("x-forwarded-") }
    }

    /// `request` as the client sent it to the first proxy.
    func applied(to request: RequestScope, websocket: Bool) -> RequestScope {
        var request = request
        if let client = self.client, !client.isEmpty { request.client = .tcp(host: client, port: 0) }
        if let scheme = self.scheme, ["http", "https", "ws", "wss"].contains(scheme) {
            let secure = scheme == "https" || scheme == "wss"
            request.scheme = websocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http")
        }
        let secure = request.scheme == "https" || request.scheme == "wss"
        if let host = self.host, !host.isEmpty {
            // The client's host: its port, else the forwarded port, else the scheme's.
            request.headers.replace(.host, with: ByteString(host))
            let (name, port) = Self.split(host)
            request.server = .tcp(host: name, port: port ?? self.port ?? (secure ? 443 : 80))
        } else if let port = self.port, let server = request.server {
            request.server = .tcp(host: server.host, port: port)
        }
        if let prefix = self.prefix, !prefix.isEmpty { request.rootPath = prefix + request.rootPath }
        return request
    }

    /// The comma-separated entries of every `name` field, trimmed.
    static func list(_ headers: Headers, _ name: HeaderName) -> [String] {
        headers.values(for: name).flatMap { $0.split(separator: ",") }.map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
    }

    /// The index of the client among the hops `addresses` (leftmost first): from the right,
    /// the first address that is not a trusted proxy; all trusted: the leftmost.
    static func clientIndex(_ addresses: [String], trusted: AddressRangeList) -> Int? {
        guard !addresses.isEmpty else { return nil }
        return addresses.indices.reversed().first { !trusted.contains(addresses[$0]) } ?? 0
    }

    /// The entry of `list` for hop `index` among `count` hops: at the same place when the
    /// counts agree, otherwise the first.
    static func entry(_ list: [String], at index: Int?, of count: Int) -> String? {
        if let index, list.count == count { return list[index] }
        return list.first
    }

    /// `Forwarded` elements (`for=1.2.3.4;proto=https, for="[2001:db8::1]:443"`): parameter
    /// names lower-cased, quotes removed.
    static func elements(_ fields: [String]) -> [[String: String]] {
        fields.flatMap { $0.split(separator: ",") }.map { element in
            var parameters: [String: String] = [:]
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                var value = String(parts[1].trimmingSpaces)
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast().filter { $0 != "\\" })
                }
                parameters[parts[0].trimmingSpaces.lowercased()] = value
            }
            return parameters
        }
    }

    /// The address of a `Forwarded` node: `1.2.3.4:80` → `1.2.3.4`, `[2001:db8::1]:443` →
    /// `2001:db8::1`; obfuscated and `unknown` nodes as they are.
    static func nodeAddress(_ node: String) -> String {
        if node.hasPrefix("["), let close = node.firstIndex(of: "]") {
            return String(node[node.index(after: node.startIndex)..<close])
        }
        if node.filter({ $0 == ":" }).count == 1, let colon = node.firstIndex(of: ":") { return String(node[..<colon]) }
        return node
    }

    /// A `host[:port]` split (IPv6 literals in brackets).
    static func split(_ host: String) -> (String, Int?) {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let name = String(host[host.index(after: host.startIndex)..<close])
            let rest = host[host.index(after: close)...]
            return (name, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        if let colon = host.lastIndex(of: ":"), host.filter({ $0 == ":" }).count == 1 {
            return (String(host[..<colon]), Int(host[host.index(after: colon)...]))
        }
        return (host, nil)
    }
}
