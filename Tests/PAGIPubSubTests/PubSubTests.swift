import NIOCore
import PAGI
import PAGIPubSub
import Testing

@Suite struct PubSubTests {
    @Test func fansOutToEverySubscriber() async throws {
        let pubsub = PubSub()
        var subscriptions: [Subscription] = []
        for _ in 0..<500 { subscriptions.append(try await pubsub.subscribe(to: "news")) }
        #expect(pubsub.subscriberCount(channel: "news") == 500)

        #expect(try await pubsub.publish(.text("extra"), to: "news") == 500)
        for subscription in subscriptions {
            let message = try #require(try await subscription.take(1).first)
            #expect(message == PubSubMessage(channel: "news", payload: .text("extra")))
        }
        #expect(try await pubsub.publish(.text("nobody"), to: "elsewhere") == 0)
    }

    @Test func keepsEachPublishersOrder() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: ["a", "b"])
        for number in 0..<50 { try await pubsub.publish(.text("\(number)"), to: number.isMultiple(of: 2) ? "a" : "b") }
        #expect(try await subscription.texts(50) == (0..<50).map(String.init))
    }

    @Test func unsubscribeStopsDeliveryAndEmptiesTheChannel() async throws {
        let pubsub = PubSub()
        let first = try await pubsub.subscribe(to: ["room", "lobby"])
        let second = try await pubsub.subscribe(to: "room")
        #expect(pubsub.channels == ["lobby", "room"])
        #expect(first.channels == ["lobby", "room"])

        try await first.unsubscribe(from: "room")
        try await first.unsubscribe(from: "never-joined")
        #expect(first.channels == ["lobby"])
        #expect(pubsub.subscriberCount(channel: "room") == 1)
        #expect(try await pubsub.publish(.text("to room"), to: "room") == 1)
        try await pubsub.publish(.text("to lobby"), to: "lobby")
        #expect(try await first.texts(1) == ["to lobby"])
        #expect(try await second.texts(1) == ["to room"])

        try await second.unsubscribeAll()
        try await first.unsubscribeAll()
        #expect(pubsub.channels.isEmpty)
        #expect(pubsub.subscriberCount(channel: "room") == 0)
        #expect(first.isActive && second.isActive)
    }

    @Test func subscribingTwiceToAChannelDeliversOnce() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: "x")
        try await subscription.subscribe(to: ["x", "x"])
        #expect(pubsub.subscriberCount(channel: "x") == 1)
        #expect(try await pubsub.publish(.text("once"), to: "x") == 1)
    }

    @Test func patternsDeliverOneMessagePerMatchAsRedisDoes() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: ["news.tech"], patterns: ["news.*", "*.tech", "sport.*"])
        #expect(pubsub.patterns == ["*.tech", "news.*", "sport.*"])
        #expect(subscription.patterns == ["*.tech", "news.*", "sport.*"])
        #expect(pubsub.subscriberCount(pattern: "news.*") == 1)

        #expect(try await pubsub.publish(.text("launch"), to: "news.tech") == 3)
        let messages = try await subscription.take(3)
        #expect(messages.allSatisfy { $0.channel == "news.tech" && $0.text == "launch" })
        #expect(Set(messages.map(\.pattern)) == [nil, "news.*", "*.tech"])

        try await subscription.unsubscribe(patterns: ["news.*", "*.tech"])
        #expect(try await pubsub.publish(.text("only the channel"), to: "news.tech") == 1)
        #expect(try await pubsub.publish(.text("by pattern"), to: "sport.chess") == 1)
        let rest = try await subscription.take(2)
        #expect(rest.map(\.pattern) == [nil, "sport.*"])
        #expect(pubsub.patterns == ["sport.*"])
    }

    @Test func publishingToOthersSkipsTheOrigin() async throws {
        let pubsub = PubSub()
        let alice = try await pubsub.subscribe(to: ["room"], patterns: ["ro*"])
        let bob = try await pubsub.subscribe(to: "room")

        #expect(try await alice.publishToOthers(.text("from alice"), to: "room") == 1)
        let heard = try #require(try await bob.take(1).first)
        #expect(heard.origin == alice.id && heard.excludesOrigin)

        try await pubsub.publish(.text("from the server, not to bob"), to: "room", excluding: bob.id)
        try await alice.publish(.text("alice, to all"), to: "room")
        // Alice skipped her own message on the channel and through her pattern: what she
        // hears first is the server's message, twice (channel and pattern).
        #expect(try await alice.texts(4) == ["from the server, not to bob", "from the server, not to bob", "alice, to all", "alice, to all"])
        #expect(try await bob.texts(1) == ["alice, to all"])
    }

    @Test func payloadsKeepTheirKind() async throws {
        struct Chat: Codable, Equatable { let user: String; let text: String }
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: "mixed")
        try await pubsub.publish(.binary(ByteBuffer(bytes: [0, 1, 255])), to: "mixed")
        try await pubsub.publish(.json(Chat(user: "ann", text: "hi/there")), to: "mixed")
        try await pubsub.publish(.text("from a socket"), to: "mixed")

        let messages = try await subscription.take(3)
        #expect(messages[0].payload.binary == ByteBuffer(bytes: [0, 1, 255]))
        #expect(messages[1].text == #"{"text":"hi/there","user":"ann"}"#)
        #expect(try messages[1].payload.decodeJSON(Chat.self) == Chat(user: "ann", text: "hi/there"))
        #expect(try PubSubPayload.binary(ByteBuffer(string: #"{"user":"b","text":"t"}"#)).decodeJSON() == Chat(user: "b", text: "t"))
        #expect(messages[2].payload == .text("from a socket"))
    }

    @Test func subscriberIDsAreUniqueAndShareTheProcessPart() async throws {
        let pubsub = PubSub()
        let (first, second) = (try await pubsub.subscribe(to: "x"), try await pubsub.subscribe(to: "x"))
        #expect(first.id != second.id)
        #expect(first.id.process == second.id.process)
        #expect(first.id.description == String(first.id.process, radix: 16) + "-" + String(first.id.serial, radix: 16))
    }

    @Test func badInputGetsAClearError() async throws {
        let pubsub = PubSub()
        await #expect(throws: PAGIError.self) { try await pubsub.publish(.text("x"), to: "") }
        await #expect { try await pubsub.subscribe(to: [""]) } throws: { error in
            "\(error)" == "Invalid channel name '': a channel name must not be empty"
        }
        await #expect { try await pubsub.subscribe(to: "x", bufferSize: 0) } throws: { error in
            (error as? PAGIError)?.code == .invalidBufferSize
        }
        await #expect { try await pubsub.subscribe(patterns: ["[oops"]) } throws: { error in
            (error as? PAGIError)?.code == .invalidChannelPattern
        }
        #expect(pubsub.channels.isEmpty && pubsub.patterns.isEmpty)
    }

    @Test func closingEndsEverySubscriptionAfterItsBuffer() async throws {
        let pubsub = PubSub()
        let subscription = try await pubsub.subscribe(to: ["x"], patterns: ["y*"])
        try await pubsub.publish(.text("last"), to: "x")
        await pubsub.close()

        #expect(pubsub.channels.isEmpty && pubsub.patterns.isEmpty)
        #expect(subscription.channels.isEmpty)
        #expect(try await subscription.texts(2) == ["last"])
        await #expect { try await pubsub.publish(.text("late"), to: "x") } throws: { error in
            (error as? PAGIError)?.code == .pubsubClosed
        }
        await #expect { try await pubsub.subscribe(to: "x") } throws: { error in
            (error as? PAGIError)?.code == .pubsubClosed
        }
    }
}
