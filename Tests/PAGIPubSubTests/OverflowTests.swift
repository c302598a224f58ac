import PAGI
import PAGIPubSub
import Testing

/// A consumer that takes one message, then stays busy until released, then reads up to
/// `count` more: what it read, and the error that ended the subscription, if one did.
struct SlowConsumer {
    let tookFirst = Gate()
    let release = Gate()
    let task: Task<(texts: [String], error: (any Error)?), Never>

    init(_ subscription: Subscription, thenReads count: Int) {
        let (tookFirst, release) = (self.tookFirst, self.release)
        self.task = Task {
            var texts: [String] = []
            var iterator = subscription.makeAsyncIterator()
            do {
                while let message = try await iterator.next() {
                    texts.append(message.text ?? "")
                    if texts.count == 1 {
                        tookFirst.open()
                        await release.wait()
                    }
                    if texts.count == count + 1 { break }
                }
            } catch {
                return (texts, error)
            }
            return (texts, nil)
        }
    }
}

/// A full buffer never makes a publisher wait: each test publishes far more than the buffer
/// holds while the consumer is busy until the last publish has returned, so a publisher that
/// waited for the consumer would never finish (and the deadline would fail the test).
@Suite struct OverflowTests {
    /// Publishes "1", lets the slow consumer take it, then publishes "2"..."100" and returns
    /// what each of those publishes reported.
    func publishHundred(_ pubsub: PubSub, past consumer: SlowConsumer) async throws -> [Int] {
        try await pubsub.publish(.text("1"), to: "feed")
        await consumer.tookFirst.wait()
        return try await within("publishing past a slow consumer") {
            var receivers: [Int] = []
            for number in 2...100 { receivers.append(try await pubsub.publish(.text("\(number)"), to: "feed")) }
            return receivers
        }
    }

    @Test func dropOldestKeepsTheLatestAndCountsTheRest() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: "feed", bufferSize: 4)
        let consumer = SlowConsumer(subscription, thenReads: 4)
        let receivers = try await self.publishHundred(pubsub, past: consumer)

        #expect(receivers.allSatisfy { $0 == 1 })
        #expect(subscription.droppedCount == 95)
        consumer.release.open()
        let result = await consumer.task.value
        #expect(result.texts == ["1", "97", "98", "99", "100"])
        #expect(result.error == nil)
        try await pubsub.publish(.text("after"), to: "feed")
        #expect(try await subscription.texts(1) == ["after"])
    }

    @Test func dropNewestKeepsTheOldestAndCountsTheRest() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: "feed", bufferSize: 4, overflow: .dropNewest)
        let consumer = SlowConsumer(subscription, thenReads: 4)
        let receivers = try await self.publishHundred(pubsub, past: consumer)

        #expect(receivers == [1, 1, 1, 1] + Array(repeating: 0, count: 95))
        #expect(subscription.droppedCount == 95)
        consumer.release.open()
        #expect(await consumer.task.value.texts == ["1", "2", "3", "4", "5"])
        try await pubsub.publish(.text("after"), to: "feed")
        #expect(try await subscription.texts(1) == ["after"])
        #expect(subscription.isActive)
    }

    @Test func disconnectEndsTheSubscriptionWithAnErrorAfterItsBuffer() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: ["feed"], patterns: ["fe*"], bufferSize: 4, overflow: .disconnect)
        let consumer = SlowConsumer(subscription, thenReads: 100)
        let receivers = try await self.publishHundred(pubsub, past: consumer)

        // "1" came twice (channel and pattern) and the consumer took one; both copies of "2"
        // and the channel copy of "3" filled the buffer, and the pattern copy of "3"
        // overflowed it.
        #expect(receivers == [2, 1] + Array(repeating: 0, count: 97))
        #expect(!subscription.isActive)
        #expect(pubsub.subscriberCount(channel: "feed") == 0 && pubsub.subscriberCount(pattern: "fe*") == 0)
        #expect(pubsub.channels.isEmpty && pubsub.patterns.isEmpty)
        consumer.release.open()
        let result = await consumer.task.value
        #expect(result.texts == ["1", "1", "2", "2", "3"])
        let error = try #require(result.error as? PAGIError)
        #expect(error.code == .subscriberOverflow)
        #expect(error.description == "The subscriber fell 4 messages behind and was disconnected")

        // The error is thrown once; after it the sequence is over, and the subscription
        // cannot be revived.
        #expect(try await subscription.take(1).isEmpty)
        await #expect { try await subscription.subscribe(to: "feed") } throws: { error in
            (error as? PAGIError)?.code == .subscriptionEnded
        }
        #expect(pubsub.channels.isEmpty)
    }
}
