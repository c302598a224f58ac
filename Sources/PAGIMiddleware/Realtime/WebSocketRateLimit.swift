public import PAGI
import Synchronization

/// Limits what one WebSocket client may send: messages per second and bytes per second, each a
/// token bucket holding `burstMultiplier` seconds' worth. A client over either limit is closed
/// with `closeCode` (1008, policy violation) and `closeReason`, and the application receives
/// `websocket.disconnect` with them instead of the offending message.
///
/// - `messagesPerSecond`: 100; `bytesPerSecond`: 1 MiB (text counted in UTF-8 bytes).
/// - `burstMultiplier`: 2 (a burst of up to two seconds' allowance).
/// - `closeCode` 1008, `closeReason` "Rate limit exceeded".
///
/// Counted per connection, as messages arrive at the application: a server-level
/// `--ws-max-size` still bounds each message.
public struct WebSocketRateLimit: Middleware {
    let messagesPerSecond: Double
    let bytesPerSecond: Double
    let burstMultiplier: Double
    let closeCode: WebSocketCloseCode
    let closeReason: String
    /// The time (a test's own clock, or the continuous one).
    let now: @Sendable () -> ContinuousClock.Instant

    public init(
        messagesPerSecond: Double = 100,
        bytesPerSecond: Double = 1_048_576,
        burstMultiplier: Double = 2,
        closeCode: WebSocketCloseCode = .policyViolation,
        closeReason: String = "Rate limit exceeded"
    ) {
        self.init(messagesPerSecond: messagesPerSecond, bytesPerSecond: bytesPerSecond, burstMultiplier: burstMultiplier, closeCode: closeCode, closeReason: closeReason, now: { ContinuousClock.now })
    }

    init(messagesPerSecond: Double, bytesPerSecond: Double, burstMultiplier: Double, closeCode: WebSocketCloseCode, closeReason: String, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        precondition(messagesPerSecond > 0 && bytesPerSecond > 0 && burstMultiplier >= 1, "WebSocketRateLimit: rates must be positive and the burst at least 1")
        self.messagesPerSecond = messagesPerSecond
        self.bytesPerSecond = bytesPerSecond
        self.burstMultiplier = burstMultiplier
        self.closeCode = closeCode
        self.closeReason = closeReason
        self.now = now
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let limit = self
        return { scope, receive, send in
            guard case .websocket = scope else { return try await app(scope, receive, send) }
            let start = limit.now()
            let buckets = Mutex((
                messages: TokenBucket(capacity: limit.messagesPerSecond * limit.burstMultiplier, now: start),
                bytes: TokenBucket(capacity: limit.bytesPerSecond * limit.burstMultiplier, now: start),
                closed: false
            ))
            let limitedReceive: Receive = {
                if buckets.withLock({ $0.closed }) { return .websocketDisconnect(code: limit.closeCode, reason: limit.closeReason) }
                let event = try await receive()
                guard case .websocketReceive(let message) = event else { return event }
                let size: Double
                switch message {
                case .text(let text): size = Double(text.utf8.count)
                case .binary(let bytes): size = Double(bytes.readableBytes)
                }
                let now = limit.now()
                let allowed = buckets.withLock { state in
                    let message = state.messages.take(rate: limit.messagesPerSecond, capacity: limit.messagesPerSecond * limit.burstMultiplier, now: now)
                    // A message bigger than the whole byte burst can never pass: it counts as over.
                    let bytes = state.bytes.take(size, rate: limit.bytesPerSecond, capacity: limit.bytesPerSecond * limit.burstMultiplier, now: now)
                    state.closed = !(message && bytes)
                    return !state.closed
                }
                guard allowed else {
                    try await send(.websocketClose(code: limit.closeCode, reason: limit.closeReason))
                    return .websocketDisconnect(code: limit.closeCode, reason: limit.closeReason)
                }
                return event
            }
            try await app(scope, limitedReceive, send)
        }
    }
}
