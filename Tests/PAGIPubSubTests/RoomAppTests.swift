import PAGI
import PAGIPubSub
import PAGITesting
import Testing

/// A chat room on the raw contract, as docs/pubsub.md shows it: each WebSocket on a path is in
/// the room of that path and what it sends goes to everybody else in the room; an SSE stream
/// on the same path hears everything. When a client leaves, its subscription leaves the room.
@Suite struct RoomAppTests {
    static func roomApp(_ pubsub: PubSub) -> Application {
        { scope, receive, send in
            switch scope {
            case .websocket(let request):
                guard case .websocketConnect = try await receive() else { return }
                let channel = "room:" + request.path
                let room = try await pubsub.subscribe(to: channel)
                try await send(.websocketAccept())
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in room { try await send(.websocketSend(message.payload)) }
                    }
                    while case .websocketReceive(let message) = try await receive() {
                        try await room.publishToOthers(message, to: channel)
                    }
                    group.cancelAll()   // the client left: the subscription ends with the reader
                }
            case .sse(let request):
                let feed = try await pubsub.subscribe(to: "room:" + request.path)
                try await send(.sseStart())
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in feed { try await send(.sseSend(data: message.text ?? "")) }
                    }
                    while !(try await receive()).isDisconnect {}
                    group.cancelAll()
                }
            default:
                throw PAGIError.unsupportedScope(scope.type)
            }
        }
    }

    @Test func aRoomForwardsToOthersAndEmptiesAsClientsLeave() async throws {
        let pubsub = PubSub()
        let client = TestClient(app: Self.roomApp(pubsub))
        let ann = try await client.websocket("/lobby")
        let bob = try await client.websocket("/lobby")
        let feed = try await client.sse("/lobby")
        let elsewhere = try await client.websocket("/kitchen")
        #expect(pubsub.subscriberCount(channel: "room:/lobby") == 3)

        try await ann.send(text: "hi from ann")
        #expect(try await bob.receiveText() == "hi from ann")
        #expect(try await feed.next()?.data == "hi from ann")
        try await bob.send(text: "hello ann")
        // Ann's first message is Bob's: her own never came back to her.
        #expect(try await ann.receiveText() == "hello ann")
        #expect(try await feed.next()?.data == "hello ann")

        try await ann.close()
        try await eventually("ann leaving the room") { pubsub.subscriberCount(channel: "room:/lobby") == 2 }
        try await feed.disconnect()
        try await bob.close()
        try await elsewhere.close()
        try await eventually("everyone leaving") { pubsub.channels.isEmpty }
    }
}
