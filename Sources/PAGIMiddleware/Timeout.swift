public import PAGI

/// Cancels an HTTP request's application once it has run for `timeout`: the client gets 504
/// Gateway Timeout when nothing was sent yet; a response already started is cut short.
///
/// ```swift
/// MiddlewareStack {
///     Timeout(timeout: .seconds(10))
/// }
/// ```
///
/// - When the time is up before the response started, the application's task is cancelled,
///   its later sends throw ``Timeout/Exceeded``, and the client gets 504 (plain text) at
///   once; the middleware returns when the application does (an application that ignores
///   cancellation keeps its task until it returns, but not the client).
/// - When the response had started, its status is already on the wire: the application is
///   cancelled and ``Timeout/Exceeded`` is thrown, so that the server aborts the connection and
///   the client sees an incomplete response, not a short one that looks whole.
/// - Only `http` scopes are timed. WebSockets and event streams are long-lived by design: a
///   deadline on their whole life would cut every one of them; an idle one is detected by
///   `websocket.keepalive` and `sse.keepalive` instead.
/// - Put it inside ``ErrorHandler`` or outside, as you like: the error handler lets the
///   cancellation through.
///
/// Options (defaults): `timeout` (30 seconds); `onTimeout`, called with the request when its
/// time is up (none).
///
/// Differs from PAGI, whose timer stopped counting once the response started (a stalled
/// stream then ran forever).
public struct Timeout: Middleware {
    /// The request ran longer than `timeout`; what the application's sends throw after that,
    /// and what the middleware throws when the response had started.
    public struct Exceeded: Error, Sendable, CustomStringConvertible {
        public let timeout: Duration
        public var description: String { "The request took longer than \(self.timeout)" }
    }

    let timeout: Duration
    let onTimeout: (@Sendable (RequestScope) -> Void)?

    public init(timeout: Duration = .seconds(30), onTimeout: (@Sendable (RequestScope) -> Void)? = nil) {
        self.timeout = timeout
        self.onTimeout = onTimeout
    }

    public func wrap(_ app: @escaping Application) -> Application {
        { scope, receive, send in
            guard case .http(let request) = scope else { return try await app(scope, receive, send) }
            let progress = ResponseProgress()
            let exceeded = Exceeded(timeout: self.timeout)
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await app(scope, receive, progress.send(through: send))
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: self.timeout)
                    return false
                }
                defer { group.cancelAll() }
                if try await group.next() == true { return }
                let started = progress.stop(with: exceeded)
                group.cancelAll()
                self.onTimeout?(request)
                if started { throw exceeded }
                try await CompleteResponse(.gatewayTimeout, contentType: "text/plain; charset=utf-8", body: "Gateway Timeout").send(answering: scope, through: send)
            }
        }
    }
}
