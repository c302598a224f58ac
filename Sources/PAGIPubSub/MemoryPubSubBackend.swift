import PAGI

/// Pub/sub within one process: the default backend.
///
/// Single process: a message reaches the subscriptions of this process only. When several
/// worker processes serve one application, each has its own backend, so a WebSocket client on
/// one worker does not hear a message published on another. Use one worker, or a broker
/// backend, when connections must hear each other across processes or machines.
public final class MemoryPubSubBackend: PubSubBackend {
    private let registry = PubSubRegistry()

    /// A backend with no subscriptions.
    public init() {}

    public func publish(_ message: PubSubMessage) async throws -> Int {
        if self.registry.isClosed { throw PAGIError.pubsubClosed }
        return self.registry.deliver(message).receivers
    }

    public func subscribe(_ mailbox: PubSubMailbox, to channels: [String], patterns: [ChannelPattern]) async throws {
        try self.registry.add(mailbox, toChannels: channels, patterns: patterns)
    }

    public func unsubscribe(_ mailbox: PubSubMailbox, from channels: [String], patterns: [ChannelPattern]) async throws {
        self.registry.remove(mailbox, fromChannels: channels, patterns: patterns)
    }

    public func remove(_ mailbox: PubSubMailbox) {
        self.registry.removeEverywhere(mailbox)
    }

    public func subscriberCount(channel: String) -> Int { self.registry.subscriberCount(channel: channel) }

    public func subscriberCount(pattern: String) -> Int { self.registry.subscriberCount(pattern: pattern) }

    public var channels: [String] { self.registry.channels }

    public var patterns: [String] { self.registry.patterns }

    public func close() async {
        self.registry.close()
    }
}
