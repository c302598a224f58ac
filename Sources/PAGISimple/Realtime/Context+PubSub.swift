public import PAGI
public import PAGIPubSub

extension ScopeKey where Value == PubSub {
    /// `pagi.pubsub`: the pub/sub of the outermost Simple application (``SimpleApp/pubsub``),
    /// shared with mounted applications.
    public static let pubsub = ScopeKey("pagi.pubsub")
}

extension Context {
    /// The application's pub/sub (`pagi.pubsub`): publish to the channels that WebSocket rooms
    /// and event streams subscribe to.
    ///
    /// ```swift
    /// try await context.pubsub.publish("Deploy finished", to: "notifications")
    /// ```
    public var pubsub: PubSub {
        guard let pubsub = self.request[.pubsub] else { preconditionFailure("A Simple application puts pagi.pubsub in every scope") }
        return pubsub
    }
}
