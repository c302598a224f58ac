import PAGI
import Synchronization

/// Which subscriptions of this process are on which channels and patterns, and delivery to
/// them: the whole of ``MemoryPubSubBackend``, and the local half of a broker backend.
///
/// A broker backend (Redis) keeps one registry: it subscribes at the broker to what
/// ``add(_:toChannels:patterns:)`` reports occupied, unsubscribes from what a removal reports
/// vacated (in the order the registry reported them), and hands every message the broker
/// pushes to ``deliver(_:)``.
///
/// Delivery runs under one lock, offering the message to each subscriber's buffer, which never
/// waits; waiting consumers are resumed after the lock is released. Publishing is
/// O(subscribers of the channel + patterns).
public final class PubSubRegistry: Sendable {
    /// Channels and patterns that an addition occupied (nobody here was on them before) or a
    /// removal vacated (nobody here is on them any more).
    public struct Topics: Sendable, Hashable {
        /// The channels.
        public var channels: [String] = []
        /// The patterns.
        public var patterns: [ChannelPattern] = []

        /// Whether there are none.
        public var isEmpty: Bool { self.channels.isEmpty && self.patterns.isEmpty }
    }

    /// The outcome of delivering one message.
    public struct Delivery: Sendable, Hashable {
        /// How many deliveries were taken (buffered or received at once), one per channel or
        /// pattern match; the excluded origin and the buffers that rejected or overflowed are
        /// not counted.
        public var receivers = 0
        /// What the subscribers that their overflow policy disconnected left vacated.
        public var vacated = Topics()
    }

    private typealias Table<Key: Hashable> = [Key: [SubscriberID: PubSubMailbox]]

    private struct State {
        var channels: Table<String> = [:]
        var patterns: Table<ChannelPattern> = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// An empty registry.
    public init() {}

    /// Puts `mailbox` on `channels` and `patterns` (those it is on already stay as they are),
    /// and returns what it occupied. Throws when the registry is closed or the subscription
    /// has ended.
    @discardableResult
    public func add(_ mailbox: PubSubMailbox, toChannels channels: [String] = [], patterns: [ChannelPattern] = []) throws -> Topics {
        try self.state.withLock { state in
            if state.closed { throw PAGIError.pubsubClosed }
            // Checked under this lock: a subscription that ends marks itself ended and then
            // takes itself out of the registry, so it is never left behind here.
            if mailbox.hasEnded { throw PAGIError.subscriptionEnded }
            mailbox.updateMembership { joined, joinedPatterns in
                joined.formUnion(channels)
                joinedPatterns.formUnion(patterns)
            }
            return Topics(
                channels: Self.add(mailbox, to: channels, in: &state.channels),
                patterns: Self.add(mailbox, to: patterns, in: &state.patterns)
            )
        }
    }

    /// Takes `mailbox` off `channels` and `patterns` (those it is not on are ignored), and
    /// returns what it vacated.
    @discardableResult
    public func remove(_ mailbox: PubSubMailbox, fromChannels channels: [String] = [], patterns: [ChannelPattern] = []) -> Topics {
        self.state.withLock { Self.remove(mailbox, channels: channels, patterns: patterns, from: &$0) }
    }

    /// Takes `mailbox` off every channel and pattern it is on, and returns what it vacated.
    @discardableResult
    public func removeEverywhere(_ mailbox: PubSubMailbox) -> Topics {
        self.state.withLock { Self.removeEverywhere(mailbox, from: &$0) }
    }

    /// Offers `message` to the subscribers of its channel, then, with `pattern` set, to the
    /// subscribers of every pattern that matches the channel.
    @discardableResult
    public func deliver(_ message: PubSubMessage) -> Delivery {
        var delivery = Delivery()
        var wakeUps: [(CheckedContinuation<PubSubMessage?, any Error>, PubSubMessage)] = []
        self.state.withLock { state in
            var disconnected: [PubSubMailbox] = []
            func offer(_ message: PubSubMessage, to subscribers: [SubscriberID: PubSubMailbox]) {
                for mailbox in subscribers.values {
                    switch mailbox.offer(message) {
                    case .skipped, .rejected: break
                    case .buffered: delivery.receivers += 1
                    case .handedOver(let consumer):
                        delivery.receivers += 1
                        wakeUps.append((consumer, message))
                    case .disconnected: disconnected.append(mailbox)
                    }
                }
            }
            if let subscribers = state.channels[message.channel] { offer(message, to: subscribers) }
            if !state.patterns.isEmpty {
                var channel = message.channel
                channel.withUTF8 { bytes in
                    for (pattern, subscribers) in state.patterns where pattern.matches(bytes: bytes) {
                        var matched = message
                        matched.pattern = pattern.text
                        offer(matched, to: subscribers)
                    }
                }
            }
            for mailbox in disconnected {
                let vacated = Self.removeEverywhere(mailbox, from: &state)
                delivery.vacated.channels += vacated.channels
                delivery.vacated.patterns += vacated.patterns
            }
        }
        for (consumer, message) in wakeUps { consumer.resume(returning: message) }
        return delivery
    }

    /// How many subscriptions here are on `channel` (pattern subscriptions not counted).
    public func subscriberCount(channel: String) -> Int {
        self.state.withLock { $0.channels[channel]?.count ?? 0 }
    }

    /// How many subscriptions here are on the pattern written `pattern`.
    public func subscriberCount(pattern: String) -> Int {
        guard let pattern = try? ChannelPattern(pattern) else { return 0 }
        return self.state.withLock { $0.patterns[pattern]?.count ?? 0 }
    }

    /// The channels with at least one subscriber here, sorted.
    public var channels: [String] { self.state.withLock { $0.channels.keys.sorted() } }

    /// The patterns with at least one subscriber here, sorted.
    public var patterns: [String] { self.state.withLock { $0.patterns.keys.map(\.text).sorted() } }

    /// Whether ``close()`` has run.
    public var isClosed: Bool { self.state.withLock { $0.closed } }

    /// Ends every subscription (each consumer receives what is buffered, then the end) and
    /// refuses new ones.
    public func close() {
        let mailboxes = self.state.withLock { state -> [PubSubMailbox] in
            state.closed = true
            var all: [SubscriberID: PubSubMailbox] = [:]
            for subscribers in state.channels.values { all.merge(subscribers) { first, _ in first } }
            for subscribers in state.patterns.values { all.merge(subscribers) { first, _ in first } }
            for mailbox in all.values { _ = Self.removeEverywhere(mailbox, from: &state) }
            return Array(all.values)
        }
        for mailbox in mailboxes { mailbox.finish(discardingBuffered: false) }
    }

    private static func removeEverywhere(_ mailbox: PubSubMailbox, from state: inout State) -> Topics {
        let (channels, patterns) = mailbox.updateMembership { ($0, $1) }
        return self.remove(mailbox, channels: Array(channels), patterns: Array(patterns), from: &state)
    }

    private static func remove(_ mailbox: PubSubMailbox, channels: [String], patterns: [ChannelPattern], from state: inout State) -> Topics {
        mailbox.updateMembership { joined, joinedPatterns in
            joined.subtract(channels)
            joinedPatterns.subtract(patterns)
        }
        return Topics(
            channels: self.remove(mailbox, from: channels, in: &state.channels),
            patterns: self.remove(mailbox, from: patterns, in: &state.patterns)
        )
    }

    /// Puts `mailbox` under `keys`; returns the keys it is the first subscriber of.
    private static func add<Key>(_ mailbox: PubSubMailbox, to keys: [Key], in table: inout Table<Key>) -> [Key] {
        var occupied: [Key] = []
        for key in keys {
            let wasThere = table[key, default: [:]].updateValue(mailbox, forKey: mailbox.id) != nil
            if !wasThere && table[key]?.count == 1 { occupied.append(key) }
        }
        return occupied
    }

    /// Takes `mailbox` from under `keys`; returns the keys left without subscribers.
    private static func remove<Key>(_ mailbox: PubSubMailbox, from keys: [Key], in table: inout Table<Key>) -> [Key] {
        var vacated: [Key] = []
        for key in keys where table[key]?.removeValue(forKey: mailbox.id) != nil {
            if table[key]?.isEmpty == true {
                table[key] = nil
                vacated.append(key)
            }
        }
        return vacated
    }
}
