public import PAGI

/// Publish/subscribe between connections: what an application holds (one per application, shared
/// by every connection), over any ``PubSubBackend``.
///
/// ```swift
/// let pubsub = PubSub()                                  // in memory, this process only
/// let room = try await pubsub.subscribe(to: "chat:lobby")
/// try await pubsub.publish(.text("hello"), to: "chat:lobby")
/// for try await message in room { print(message.channel, message.text ?? "") }
/// ```
///
/// Publishing never waits for a subscriber: each subscription has a bounded buffer with an
/// ``PubSubOverflowPolicy``. Delivery is at most once, with no history: a subscription hears
/// what is published after it subscribed, in the order each publisher published it.
public struct PubSub: Sendable {
    /// Where messages travel.
    public let backend: any PubSubBackend

    /// The default subscriber buffer size: 256 messages.
    public static let defaultBufferSize = 256

    /// Pub/sub over `backend` (by default in memory, within this process).
    public init(backend: any PubSubBackend = MemoryPubSubBackend()) {
        self.backend = backend
    }

    /// Publishes `payload` to `channel`; the subscription `excluded` (usually the publisher's
    /// own) does not receive it. Returns how many deliveries were made (see
    /// ``PubSubBackend/publish(_:)``). Throws for an empty channel name or a closed backend.
    @discardableResult
    public func publish(_ payload: PubSubPayload, to channel: String, excluding excluded: SubscriberID? = nil) async throws -> Int {
        try await self.publish(PubSubMessage(channel: channel, payload: payload, origin: excluded, excludesOrigin: excluded != nil))
    }

    /// Publishes a message whose channel, origin and exclusion are already set.
    func publish(_ message: PubSubMessage) async throws -> Int {
        try Self.validate(channels: [message.channel])
        return try await self.backend.publish(message)
    }

    /// A new subscription on `channels` and `patterns` (Redis glob syntax, see
    /// ``ChannelPattern``), buffering up to `bufferSize` messages with the policy `overflow`.
    /// More channels and patterns can be added later. Throws for an empty channel name, an
    /// invalid pattern, a buffer size below 1, or a closed backend.
    public func subscribe(
        to channels: [String] = [],
        patterns: [String] = [],
        bufferSize: Int = PubSub.defaultBufferSize,
        overflow: PubSubOverflowPolicy = .dropOldest
    ) async throws -> Subscription {
        guard bufferSize >= 1 else { throw PAGIError.invalidBufferSize(bufferSize) }
        let mailbox = PubSubMailbox(id: .next(), capacity: bufferSize, overflow: overflow)
        let subscription = Subscription(mailbox: mailbox, pubsub: self)
        try await subscription.subscribe(to: channels, patterns: patterns)
        return subscription
    }

    /// A new subscription on one channel; see ``subscribe(to:patterns:bufferSize:overflow:)``.
    public func subscribe(
        to channel: String,
        bufferSize: Int = PubSub.defaultBufferSize,
        overflow: PubSubOverflowPolicy = .dropOldest
    ) async throws -> Subscription {
        try await self.subscribe(to: [channel], bufferSize: bufferSize, overflow: overflow)
    }

    /// How many subscriptions in this process are on `channel` (pattern subscriptions not counted).
    public func subscriberCount(channel: String) -> Int { self.backend.subscriberCount(channel: channel) }

    /// How many subscriptions in this process are on the pattern written `pattern`.
    public func subscriberCount(pattern: String) -> Int { self.backend.subscriberCount(pattern: pattern) }

    /// The channels with a subscriber in this process, sorted.
    public var channels: [String] { self.backend.channels }

    /// The patterns with a subscriber in this process, sorted.
    public var patterns: [String] { self.backend.patterns }

    /// Ends every subscription and refuses further use (at application shutdown).
    public func close() async { await self.backend.close() }

    static func validate(channels: [String]) throws {
        if let empty = channels.first(where: \.isEmpty) { throw PAGIError.invalidChannel(empty) }
    }
}
