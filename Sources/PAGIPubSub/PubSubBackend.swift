/// Where messages travel: ``MemoryPubSubBackend`` within one process, a broker (Redis) between
/// processes and machines. Applications hold a ``PubSub``, which wraps any backend, so changing
/// the backend changes no application code.
///
/// A backend keeps this process's subscribers in a ``PubSubRegistry``, which delivers into
/// their ``PubSubMailbox``es: the buffering, the overflow policy and the exclusion of the
/// origin live there, so every backend behaves the same for them. A broker backend tells the
/// broker what the registry reports occupied and vacated, and hands the registry what the
/// broker pushes.
///
/// Names and patterns arrive validated (non-empty channels, parsed patterns).
public protocol PubSubBackend: Sendable {
    /// Sends `message` (its `pattern` is `nil`) to every subscriber of its channel and of the
    /// patterns matching it, wherever the backend reaches. Never waits for a subscriber.
    /// Returns how many deliveries it made, as far as this backend can tell (a subscription on
    /// the channel and on a matching pattern counts twice, as in Redis): exact for the memory
    /// backend; a broker may count only what it sees (Redis counts its connections).
    func publish(_ message: PubSubMessage) async throws -> Int

    /// Puts `mailbox` on `channels` and `patterns`; when this returns, messages published to
    /// them reach it. Throws when the subscription has ended (it must not be kept).
    func subscribe(_ mailbox: PubSubMailbox, to channels: [String], patterns: [ChannelPattern]) async throws

    /// Takes `mailbox` off `channels` and `patterns`; those it is not on are ignored.
    func unsubscribe(_ mailbox: PubSubMailbox, from channels: [String], patterns: [ChannelPattern]) async throws

    /// Takes an ended subscription off everything at once. It must not wait (it runs when a
    /// subscription is released): a broker backend updates its registry now and tells the
    /// broker in the background.
    func remove(_ mailbox: PubSubMailbox)

    /// How many subscriptions in this process are on `channel`.
    func subscriberCount(channel: String) -> Int

    /// How many subscriptions in this process are on the pattern written `pattern`.
    func subscriberCount(pattern: String) -> Int

    /// The channels with a subscriber in this process, sorted.
    var channels: [String] { get }

    /// The patterns with a subscriber in this process, sorted.
    var patterns: [String] { get }

    /// Ends every subscription (each consumer receives what is buffered, then the end) and
    /// refuses further publishing and subscribing.
    func close() async
}
