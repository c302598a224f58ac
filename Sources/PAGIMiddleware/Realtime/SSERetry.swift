public import PAGI

extension ScopeKey where Value == Int {
    /// `pagi.sse.retry`: the reconnection delay (milliseconds) ``SSERetry`` tells clients.
    public static let sseRetry = ScopeKey("pagi.sse.retry")
}

/// Tells event-stream clients how long to wait before reconnecting (the SSE `retry:` field),
/// so that a server restart does not bring every client back at once, or too late.
///
/// - `retry`: the delay (3 seconds).
/// - `everyEvent`: put it on every event without a `retry` of its own (`false`: only on the
///   first event of each stream, which is all a browser needs).
///
/// Perl's `include_on_start` sent a separate event at the start; an event of its own would
/// reach the application's `onmessage` as an empty message, so the hint rides on the first
/// real event instead. The delay is in the scope as `request[.sseRetry]` for the application.
public struct SSERetry: Middleware {
    let milliseconds: Int
    let everyEvent: Bool

    public init(retry: Duration = .seconds(3), everyEvent: Bool = false) {
        let (seconds, attoseconds) = retry.components
        self.milliseconds = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        self.everyEvent = everyEvent
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let milliseconds = self.milliseconds
        let everyEvent = self.everyEvent
        return { scope, receive, send in
            guard case .sse(var request) = scope else { return try await app(scope, receive, send) }
            request[.sseRetry] = milliseconds
            let first = Once()
            try await app(.sse(request), receive) { event in
                guard case .sseSend(var sse) = event else { return try await send(event) }
                let isFirst = first.claim()
                if sse.retry == nil && (everyEvent || isFirst) { sse.retry = milliseconds }
                try await send(.sseSend(sse))
            }
        }
    }
}
