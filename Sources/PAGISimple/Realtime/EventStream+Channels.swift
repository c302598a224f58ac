public import PAGI
public import PAGIPubSub

/// Channels: what is published to a channel the stream subscribed to is sent as an event, in
/// this process or, with a shared backend, in others. HTTP handlers publish through
/// `context.pubsub`, WebSockets through their rooms (a room is a channel).
extension EventStream {
    /// The channels subscribed to, sorted.
    public var channels: [String] { self.membership.channels }

    /// Sends what is published to `channel` from now on: as `transform` makes it, or by
    /// default a text message as the event's data. Starts the stream first if needed, so that
    /// the client is connected before the first message.
    public func subscribe(_ channel: String, _ transform: Transform? = nil) async throws {
        try await self.start()
        self.state.withLock { $0.transforms[channel] = transform }
        try await self.membership.join(channel)
    }

    /// Stops sending what is published to `channel`.
    public func unsubscribe(_ channel: String) async throws {
        try await self.membership.leave(channel)
        self.state.withLock { _ = $0.transforms.removeValue(forKey: channel) }
    }

    /// Publishes `payload` to `channel`, to every subscriber (this stream included when
    /// subscribed); returns how many received it.
    @discardableResult
    public func publish(_ payload: PubSubPayload, to channel: String) async throws -> Int {
        try await self.membership.publish(payload, to: channel, others: false)
    }

    /// Publishes `payload` to `channel` for every subscriber but this stream.
    @discardableResult
    public func publishToOthers(_ payload: PubSubPayload, to channel: String) async throws -> Int {
        try await self.membership.publish(payload, to: channel, others: true)
    }
}
