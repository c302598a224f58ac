import PAGI
import PAGISimple
import Synchronization

/// The `/events` feed: one pub/sub channel that every page's event stream follows, carrying
/// what happens in the chat (users connecting and leaving, rooms made and removed, each chat
/// line) and the server's statistics after each change.
struct ChatFeed: Sendable {
    static let channel = "chat:feed"

    let store: ChatStore
    let pubsub: PubSub

    /// Sends `events` to every page, then the statistics they changed.
    func publish(_ events: [FeedEvent]) async throws {
        for event in events { try await self.pubsub.publish(.json(event), to: Self.channel) }
        if !events.isEmpty { try await self.publishStats() }
    }

    func publish(_ event: FeedEvent) async throws { try await self.publish([event]) }

    func publishStats() async throws {
        try await self.pubsub.publish(.json(self.statsEvent()), to: Self.channel)
    }

    /// The statistics as a feed event (no id: a reconnecting page gets fresh ones anyway).
    func statsEvent() -> FeedEvent {
        let stats = self.store.stats(streams: self.pubsub.subscriberCount(channel: Self.channel))
        return FeedEvent(event: "stats", id: nil, data: ChatJSON.text(stats))
    }

    /// Serves one page's stream: what it missed (after its `Last-Event-ID`; everything kept,
    /// on a first visit), the statistics, then each new event until the page goes.
    func serve(_ stream: EventStream) async throws {
        let lastSeen = Int(stream.lastEventID ?? "") ?? 0
        let replayedUpTo = Mutex(lastSeen)
        try await stream.keepAlive(every: .seconds(15))
        // Subscribed before the replay is read, so nothing falls between the two; what the
        // replay already sent is not sent again.
        try await stream.subscribe(Self.channel) { message in
            guard let event = try? message.payload.decodeJSON(FeedEvent.self) else { return nil }
            if let id = event.id, id <= replayedUpTo.withLock({ $0 }) { return nil }
            return event.sseEvent
        }
        let missed = self.store.feed(after: lastSeen)
        replayedUpTo.withLock { $0 = max($0, missed.last?.id ?? 0) }
        for event in missed { try await stream.send(event.sseEvent) }
        try await stream.send(self.statsEvent().sseEvent)
    }

    /// Publishes the statistics every `interval` while any page listens, until the
    /// application shuts down (a lifespan background task; without a lifespan, statistics
    /// still follow every change).
    func tick(every interval: Duration, _ app: AppContext) async throws {
        var elapsed = Duration.zero
        while !app.isShuttingDown {
            try await Task.sleep(for: .milliseconds(250))
            elapsed += .milliseconds(250)
            guard elapsed >= interval else { continue }
            elapsed = .zero
            if self.pubsub.subscriberCount(channel: Self.channel) > 0 { try await self.publishStats() }
        }
    }
}

extension FeedEvent {
    var sseEvent: SSEEvent { SSEEvent(data: self.data, event: self.event, id: self.id.map(String.init)) }
}
