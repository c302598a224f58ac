public import PAGI

/// Answers every request with 503 Service Unavailable and a maintenance page while
/// maintenance is on, except for the clients and paths that bypass it.
///
/// ```swift
/// MiddlewareStack {
///     Maintenance(
///         enabled: { flags.maintenance },
///         bypassAddresses: try AddressRangeList("10.0.0.0/8, ::1"),
///         bypassPaths: ["/health"],
///         retryAfter: .seconds(600)
///     )
/// }
/// ```
///
/// - Every request scope is refused while on: an HTTP request gets the page; an event
///   stream is declined with it (`sse.http.response.*`); a WebSocket handshake is denied with it
///   where the server offers the denial response, else closed (the client gets 403). Lifespan
///   always reaches the application.
/// - A client bypasses maintenance when its address (IPv4 or IPv6) is in `bypassAddresses`;
///   a request bypasses it when its path is under one of `bypassPaths`.
///
/// Options (defaults):
/// - `enabled`: `true` or `false` (`false`, as in PAGI, so that configuration switches it
///   on), or a closure asked on every request (a feature flag, a file's existence).
/// - `bypassAddresses`: client addresses and CIDR ranges that are let through (none).
/// - `bypassPaths`: path prefixes that are let through, whole segments only (`/admin` lets
///   through `/admin` and `/admin/users`, not `/administrator`) (none).
/// - `retryAfter`: sent as `Retry-After` in whole seconds (none).
/// - `contentType` (`text/html; charset=utf-8`) and `body` (a short HTML page) of the answer.
///
/// Differs from PAGI: IPv6 addresses and ranges bypass too; paths bypass by prefix rather than
/// exactly; WebSocket and SSE requests are refused too (PAGI let them through).
public struct Maintenance: Middleware {
    let isEnabled: @Sendable () -> Bool
    let bypassAddresses: AddressRangeList
    let bypassPaths: [String]
    let response: CompleteResponse

    /// The maintenance page shown when no `body` is given.
    public static let defaultBody = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Down for maintenance</title></head>
        <body><h1>Down for maintenance</h1><p>We are doing some work on the site. Please try again soon.</p></body></html>

        """

    /// Maintenance that is on while `enabled` returns `true`, asked on every request.
    public init(
        enabled: @escaping @Sendable () -> Bool,
        bypassAddresses: AddressRangeList = AddressRangeList(),
        bypassPaths: [String] = [],
        retryAfter: Duration? = nil,
        contentType: String = "text/html; charset=utf-8",
        body: String = Maintenance.defaultBody
    ) {
        self.isEnabled = enabled
        self.bypassAddresses = bypassAddresses
        self.bypassPaths = bypassPaths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let headers: Headers = retryAfter.map { ["retry-after": "\($0.components.seconds)"] } ?? [:]
        self.response = CompleteResponse(.serviceUnavailable, contentType: contentType, body: body, headers: headers)
    }

    /// Maintenance that is on when `enabled` is `true`.
    public init(
        enabled: Bool = false,
        bypassAddresses: AddressRangeList = AddressRangeList(),
        bypassPaths: [String] = [],
        retryAfter: Duration? = nil,
        contentType: String = "text/html; charset=utf-8",
        body: String = Maintenance.defaultBody
    ) {
        self.init(
            enabled: { enabled },
            bypassAddresses: bypassAddresses,
            bypassPaths: bypassPaths,
            retryAfter: retryAfter,
            contentType: contentType,
            body: body
        )
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard let request = scope.request, self.isEnabled(), !self.bypasses(request) else {
                return try await app(scope, receive, send)
            }
            try await self.response.send(answering: scope, through: send)
        }
    }

    private func bypasses(_ request: RequestScope) -> Bool {
        if let client = request.client, self.bypassAddresses.contains(client) { return true }
        return self.bypassPaths.contains { prefix in
            request.path.hasPrefix(prefix) && (request.path.count == prefix.count || request.path.dropFirst(prefix.count).hasPrefix("/"))
        }
    }
}
