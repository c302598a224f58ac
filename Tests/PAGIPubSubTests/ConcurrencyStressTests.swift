import PAGIPubSub
import Testing

/// Publishers, listeners and subscribers that come and go, all at once, for well under a
/// second: every listener hears every publisher in order, and nothing is left behind.
@Suite struct ConcurrencyStressTests {
    static let publishers = 4
    static let messagesEach = 5_000
    static let listeners = 4

    @Test func concurrentPublishersAndSubscribers() async throws {
        let pubsub = PubSub()
        // Listeners buffer everything, so that each must hear every message exactly once.
        var subscribed: [Subscription] = []
        for _ in 0..<Self.listeners {
            subscribed.append(try await pubsub.subscribe(
                to: (0..<Self.publishers).map { "channel-\($0)" },
                bufferSize: Self.publishers * Self.messagesEach
            ))
        }
        let listeners = subscribed

        try await within("the stress run") {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for listener in listeners {
                    group.addTask { try await Self.expectEveryPublisherInOrder(listener) }
                }
                for publisher in 0..<Self.publishers {
                    group.addTask {
                        for number in 0..<Self.messagesEach {
                            try await pubsub.publish(.text("\(publisher):\(number)"), to: "channel-\(publisher)")
                        }
                    }
                }
                for churner in 0..<4 {
                    group.addTask { try await Self.churn(pubsub, seed: churner) }
                }
                try await group.waitForAll()
            }
        }
        for listener in listeners { listener.cancel() }
        #expect(pubsub.channels.isEmpty)
        #expect(pubsub.patterns.isEmpty)
    }

    static func expectEveryPublisherInOrder(_ listener: Subscription) async throws {
        var next = Array(repeating: 0, count: Self.publishers)
        var received = 0
        for try await message in listener {
            let parts = try #require(message.text?.split(separator: ":").compactMap { Int($0) })
            #expect(parts.count == 2 && parts[1] == next[parts[0]], "out of order: \(message.text ?? "")")
            next[parts[0]] = parts[1] + 1
            received += 1
            if received == Self.publishers * Self.messagesEach { break }
        }
        #expect(next == Array(repeating: Self.messagesEach, count: Self.publishers))
        #expect(listener.droppedCount == 0)
    }

    /// Subscribes and unsubscribes, to channels and patterns, with small buffers that
    /// overflow, reads a little, and ends its subscriptions in every way there is.
    static func churn(_ pubsub: PubSub, seed: Int) async throws {
        for round in 0..<1_000 {
            let policy: PubSubOverflowPolicy = [.dropOldest, .dropNewest, .disconnect][round % 3]
            let subscription = try await pubsub.subscribe(
                to: ["channel-\(round % Self.publishers)", "side-\(seed)"],
                patterns: ["channel-[\(seed)-3]", "chan*"],
                bufferSize: 2,
                overflow: policy
            )
            if subscription.isActive {
                try await subscription.unsubscribe(patterns: ["chan*"])
            }
            try await subscription.publishToOthers(.text("not for itself"), to: "side-\(seed)")
            // Something to read even once the publishers are done (or the end, when the
            // subscription overflowed).
            try await subscription.publish(.text("for itself"), to: "side-\(seed)")
            var iterator = subscription.makeAsyncIterator()
            _ = try? await iterator.next()
            switch (round / 3) % 3 {
            case 0: subscription.cancel()
            case 1: try? await subscription.unsubscribeAll()
            default: break   // released at the end of the round
            }
        }
    }
}
