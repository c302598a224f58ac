import PAGI
import PAGISimple

/// The REST API: rooms, a room's history and users, the statistics; JSON, never cached. Any
/// other path that no route or page takes answers a JSON 404, as in the original.
enum ChatAPI {
    static func serve(_ store: ChatStore, in app: SimpleApp) {
        app.get("/api/rooms") { _ in try fresh(.json(store.rooms())) }

        app.get("/api/room/:name/history") { context in
            guard let history = store.history(of: context.parameter("name") ?? "") else { throw HTTPError(.notFound, "Room not found") }
            return try fresh(.json(history))
        }

        app.get("/api/room/:name/users") { context in
            guard let users = store.users(in: context.parameter("name") ?? "") else { throw HTTPError(.notFound, "Room not found") }
            return try fresh(.json(users))
        }

        app.get("/api/stats") { context in
            try fresh(.json(store.stats(streams: context.pubsub.subscriberCount(channel: ChatFeed.channel))))
        }

        app.error(.notFound) { _, error in
            try .json(["error": error.message == "Not Found" ? "Not found" : error.message], status: .notFound)
        }
    }

    /// Live numbers: a cache must ask again each time.
    private static func fresh(_ response: Response) -> Response { response.header(.cacheControl, "no-cache") }
}
