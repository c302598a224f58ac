/// One subscriber: the channels and patterns it is on, and the messages published to them, as
/// an `AsyncSequence` with one consumer.
///
/// It leaves every channel and pattern when it ends: on ``cancel()``, when the task waiting
/// for its next message is cancelled, when its overflow policy disconnects it, or when it is
/// released (the last reference to it, its iterators included, goes away). So a connection
/// that ends, however it ends, is never left behind on a channel.
///
/// ```swift
/// let room = try await pubsub.subscribe(to: "room:42")
/// try await room.publishToOthers(.text("joined"), to: "room:42")   // everyone else in the room
/// for try await message in room {
///     try await send(.websocketSend(message.payload))
/// }
/// ```
public final class Subscription: Sendable {
    /// Its buffer, which backends deliver into.
    let mailbox: PubSubMailbox
    /// The pub/sub it belongs to.
    public let pubsub: PubSub

    init(mailbox: PubSubMailbox, pubsub: PubSub) {
        self.mailbox = mailbox
        self.pubsub = pubsub
    }

    deinit { self.cancel() }

    /// Its identity: what ``publishToOthers(_:to:)`` and ``PubSub/publish(_:to:excluding:)``
    /// exclude.
    public var id: SubscriberID { self.mailbox.id }

    /// The channels it is on.
    public var channels: Set<String> { self.mailbox.channels }

    /// The patterns it is on, as written.
    public var patterns: Set<String> { Set(self.mailbox.patterns.map(\.text)) }

    /// How many messages its overflow policy has dropped so far (a consumer that compares it
    /// between messages knows where it missed some).
    public var droppedCount: Int { self.mailbox.droppedCount }

    /// Whether it still receives messages.
    public var isActive: Bool { !self.mailbox.hasEnded }

    /// Adds `channels` and `patterns` (Redis glob syntax, see ``ChannelPattern``); those it is
    /// on already stay as they are. Throws for an empty channel name, an invalid pattern, or
    /// when the subscription has ended.
    public func subscribe(to channels: [String] = [], patterns: [String] = []) async throws {
        try PubSub.validate(channels: channels)
        let parsed = try patterns.map(ChannelPattern.init)
        guard !channels.isEmpty || !parsed.isEmpty else { return }
        try await self.pubsub.backend.subscribe(self.mailbox, to: channels, patterns: parsed)
    }

    /// Adds one channel; see ``subscribe(to:patterns:)``.
    public func subscribe(to channel: String) async throws {
        try await self.subscribe(to: [channel])
    }

    /// Leaves `channels` and `patterns` (those it is not on are ignored); the subscription
    /// stays open. Throws for an invalid pattern.
    public func unsubscribe(from channels: [String] = [], patterns: [String] = []) async throws {
        let parsed = try patterns.map(ChannelPattern.init)
        try await self.pubsub.backend.unsubscribe(self.mailbox, from: channels, patterns: parsed)
    }

    /// Leaves one channel; see ``unsubscribe(from:patterns:)``.
    public func unsubscribe(from channel: String) async throws {
        try await self.unsubscribe(from: [channel])
    }

    /// Leaves every channel and pattern; the subscription stays open for new ones.
    public func unsubscribeAll() async throws {
        try await self.pubsub.backend.unsubscribe(
            self.mailbox,
            from: Array(self.mailbox.channels),
            patterns: Array(self.mailbox.patterns)
        )
    }

    /// Ends the subscription: it leaves everything at once, a waiting consumer receives the
    /// end, and what was buffered is discarded. Calling it again does nothing.
    public func cancel() {
        // Marked ended first, then removed: a concurrent subscribe either sees the end or
        // is undone by the removal.
        self.mailbox.finish(discardingBuffered: true)
        self.pubsub.backend.remove(self.mailbox)
    }

    /// Publishes `payload` to `channel` as this subscription; it receives the message too when
    /// it is on the channel. Returns how many deliveries were made.
    @discardableResult
    public func publish(_ payload: PubSubPayload, to channel: String) async throws -> Int {
        try await self.pubsub.publish(PubSubMessage(channel: channel, payload: payload, origin: self.id))
    }

    /// Publishes `payload` to `channel` for every subscription but this one (a chat message
    /// its sender already shows). Returns how many deliveries were made.
    @discardableResult
    public func publishToOthers(_ payload: PubSubPayload, to channel: String) async throws -> Int {
        try await self.pubsub.publish(payload, to: channel, excluding: self.id)
    }
}
