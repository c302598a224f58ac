import PAGI
import PAGIPubSub
import Testing

/// However a subscription ends, it leaves every channel and pattern: the counts go back to zero.
@Suite struct SubscriptionLifetimeTests {
    func expectNothingLeft(_ pubsub: PubSub) {
        #expect(pubsub.channels.isEmpty)
        #expect(pubsub.patterns.isEmpty)
        #expect(pubsub.subscriberCount(channel: "room") == 0)
        #expect(pubsub.subscriberCount(pattern: "ro*") == 0)
    }

    @Test func cancellingTheConsumingTaskEndsTheSubscription() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: ["room"], patterns: ["ro*"])
        let listening = Gate()
        let consumer = Task {
            var count = 0
            for try await _ in subscription {
                count += 1
                listening.open()
            }
            return count
        }
        try await pubsub.publish(.text("hello"), to: "room")
        await listening.wait()
        consumer.cancel()
        #expect(try await within("the cancelled consumer") { try await consumer.value } == 2)
        #expect(!subscription.isActive)
        self.expectNothingLeft(pubsub)
    }

    @Test func aTaskCancelledBeforeItAsksEndsTheSubscriptionToo() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: "room")
        try await pubsub.publish(.text("buffered"), to: "room")
        let consumer = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            var iterator = subscription.makeAsyncIterator()
            return try await iterator.next()
        }
        #expect(try await consumer.value == nil)
        self.expectNothingLeft(pubsub)
    }

    @Test func aTaskThatEndsReleasesItsSubscription() async throws {
        let pubsub = PubSub()
        let joined = Gate()
        let leave = Gate()
        let connection = Task {
            let subscription = try await pubsub.subscribe(to: ["room"], patterns: ["ro*"])
            joined.open()
            await leave.wait()
            return subscription.id
        }
        await joined.wait()
        #expect(pubsub.subscriberCount(channel: "room") == 1)
        leave.open()
        _ = try await connection.value
        self.expectNothingLeft(pubsub)
    }

    @Test func releasingTheSubscriptionRemovesIt() async throws {
        let pubsub = PubSub()
        var subscription: Subscription? = try await pubsub.subscribe(to: ["room", "lobby"], patterns: ["ro*"])
        #expect(pubsub.channels == ["lobby", "room"])
        #expect(subscription?.isActive == true)
        subscription = nil
        self.expectNothingLeft(pubsub)
        #expect(try await pubsub.publish(.text("anyone?"), to: "room") == 0)
    }

    @Test func cancelEndsAtOnceAndDiscardsTheBuffer() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: ["room"], patterns: ["ro*"])
        let waiting = Task { try await subscription.take(1) }
        try await subscription.untilAConsumerWaits()
        subscription.cancel()
        #expect(try await waiting.value.isEmpty)

        subscription.cancel()
        try await pubsub.publish(.text("too late"), to: "room")
        #expect(try await subscription.take(1).isEmpty)
        self.expectNothingLeft(pubsub)
        await #expect { try await subscription.subscribe(patterns: ["ro*"]) } throws: { error in
            (error as? PAGIError)?.code == .subscriptionEnded
        }
        self.expectNothingLeft(pubsub)
    }

    @Test func aSubscriptionHasOneConsumerAtATime() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: "room")
        let first = Task { try await subscription.take(1) }
        try await subscription.untilAConsumerWaits()
        var iterator = subscription.makeAsyncIterator()
        await #expect { _ = try await iterator.next() } throws: { error in
            (error as? PAGIError)?.code == .concurrentIteration
        }
        try await pubsub.publish(.text("for the first"), to: "room")
        #expect(try await first.value.map(\.text) == ["for the first"])
        // One after the other is fine.
        try await pubsub.publish(.text("for the second"), to: "room")
        #expect(try await iterator.next()?.text == "for the second")
    }
}
