public import PAGISimple
import PAGI

extension SimpleExamples {
    /// 10-chat-showcase: a multi-room chat over a WebSocket (`/ws/chat?name=...`), a feed of
    /// what happens in it over server-sent events (`/events`), a REST API (`/api/rooms`,
    /// `/api/room/:name/history`, `/api/room/:name/users`, `/api/stats`) and the page that
    /// uses all three (`/`). Each call makes a new application with an empty chat.
    public static func chatShowcase() -> SimpleApp {
        let app = SimpleApp(name: "Chat Showcase")
        let store = ChatStore()

        ChatPage.serve(in: app)
        ChatAPI.serve(store, in: app)
        app.websocket("/ws/chat") { socket in try await ChatConnection.serve(socket, store) }
        app.sse("/events") { stream in try await ChatFeed(store: store, pubsub: stream.context.pubsub).serve(stream) }

        // The lifespan, as the original's: a word at startup and the final numbers at shutdown;
        // in between, fresh statistics for the pages every 10 seconds.
        let pubsub = app.pubsub
        app.onStartup { context in
            context.logger.info("Chat showcase starting with \(ChatStore.defaultRooms.count) rooms: \(ChatStore.defaultRooms.joined(separator: ", "))")
            context.background("statistics") { try await ChatFeed(store: store, pubsub: pubsub).tick(every: .seconds(10), context) }
        }
        app.onShutdown { context in
            let stats = store.stats(streams: pubsub.subscriberCount(channel: ChatFeed.channel))
            context.logger.info("Chat showcase stopping: \(stats.users_online) users online, \(stats.messages_total) messages in \(stats.rooms_count) rooms")
        }
        return app
    }
}
