public import PAGI

/// Sends requests that came over plain HTTP to the same URL over HTTPS, and optionally tells
/// browsers to use only HTTPS from then on (HSTS).
///
/// ```swift
/// HTTPSRedirect(exclude: ["/health"], hsts: .init(maxAge: 31_536_000, preload: true))
/// ```
///
/// - `GET` and `HEAD` get `status` (301 by default). Other methods get the status that keeps
///   the method and the body (RFC 9110 §15.4): 308 when `status` is permanent (301, 308),
///   307 when it is temporary (302, 303, 307). The request body is not read.
/// - An event stream is declined with the same redirect (`EventSource` follows redirects).
/// - A `ws` WebSocket handshake is refused with a redirect to `wss` when the server offers
///   the denial extension (browsers fail the connection rather than follow it; other clients
///   may follow), otherwise with `websocket.close` (the server answers 403).
/// - The location is `https://` + the request's `Host` (its port dropped, or ``httpsPort``
///   when set) + `root_path` + `raw_path` + `?query`. A request without a valid `Host` gets
///   400: there is nowhere to send it.
/// - Requests already secure (`https`, `wss`) go to the application, with
///   `Strict-Transport-Security` added to their responses when ``hsts`` is set (browsers
///   ignore it over plain HTTP, so it is never sent there). A header the application set wins.
///
/// `scheme` must be right: behind a proxy that terminates TLS, put a middleware that trusts
/// `X-Forwarded-Proto` outside this one, or every request looks like plain HTTP and is
/// redirected forever.
public struct HTTPSRedirect: Middleware {
    /// The `Strict-Transport-Security` header (RFC 6797).
    public struct HSTS: Sendable, Hashable {
        /// `max-age`: how many seconds browsers remember to use only HTTPS.
        public var maxAge: Int
        /// `includeSubDomains`: every subdomain too.
        public var includeSubDomains: Bool
        /// `preload`: consent to being listed in browsers' built-in HSTS lists.
        public var preload: Bool

        /// One year, with subdomains, not preloaded, by default.
        public init(maxAge: Int = 31_536_000, includeSubDomains: Bool = true, preload: Bool = false) {
            self.maxAge = maxAge
            self.includeSubDomains = includeSubDomains
            self.preload = preload
        }

        /// The header value: `max-age=31536000; includeSubDomains`.
        public var value: String {
            "max-age=\(self.maxAge)" + (self.includeSubDomains ? "; includeSubDomains" : "") + (self.preload ? "; preload" : "")
        }
    }

    /// The status of a redirect of `GET` and `HEAD`.
    public let status: HTTPResponse.Status
    /// Paths (`path`, as the application sees it) served over plain HTTP too.
    public let exclude: Set<String>
    let excluding: (@Sendable (RequestScope) -> Bool)?
    /// The HSTS header for secure requests; `nil` sends none.
    public let hsts: HSTS?
    /// The port of the HTTPS URLs; `nil` leaves it out (443).
    public let httpsPort: Int?

    /// Redirects with `status` (for `GET` and `HEAD`; see the type's documentation for other
    /// methods), except for the paths in `exclude` and the requests `excluding` accepts.
    public init(
        status: HTTPResponse.Status = .movedPermanently,
        exclude: Set<String> = [],
        excluding: (@Sendable (RequestScope) -> Bool)? = nil,
        hsts: HSTS? = nil,
        httpsPort: Int? = nil
    ) {
        self.status = status
        self.exclude = exclude
        self.excluding = excluding
        self.hsts = hsts
        self.httpsPort = httpsPort == 443 ? nil : httpsPort
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let hsts = self.hsts.map { ByteString($0.value) }
        return { scope, receive, send in
            guard let request = scope.request else { return try await app(scope, receive, send) }
            if request.scheme == "https" || request.scheme == "wss" {
                guard let hsts else { return try await app(scope, receive, send) }
                return try await app(scope, receive, changingResponseHeads(send) { head in
                    if !head.headers.contains("strict-transport-security") { head.headers.append("strict-transport-security", hsts) }
                })
            }
            if self.exclude.contains(request.path) || self.excluding?(request) == true {
                return try await app(scope, receive, send)
            }
            guard case .valid(let host) = request.hostHeader else {
                return try await PlainTextAnswer.send(.badRequest, "Missing or invalid Host header", in: scope, to: send)
            }
            let secureScheme = scope.type == .websocket ? "wss" : "https"
            let port = self.httpsPort.map { ":\($0)" } ?? ""
            let location = "\(secureScheme)://\(host.host)\(port)\(URIEscaping.target(of: request))"
            try await PlainTextAnswer.send(
                RedirectStatus.status(self.status, for: request.method),
                "Redirecting to \(location)",
                headers: ["location": ByteString(location)],
                in: scope,
                to: send
            )
        }
    }
}
