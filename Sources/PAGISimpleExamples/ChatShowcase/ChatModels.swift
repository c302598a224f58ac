/// The showcase's values, shaped as the Perl original sends them (snake_case keys included).

/// A line of a room's history: a chat message (`message`), a `/me` action (`action`) or a
/// note from the server (`system`, with `from` "system").
struct ChatMessage: Codable, Sendable, Equatable {
    let id: Int
    let from: String
    let text: String
    let type: String
    let ts: Double
}

/// Someone in a room, as the user lists show them.
struct RoomUser: Codable, Sendable, Equatable {
    let id: String
    let name: String
    let typing: Bool
}

/// A room in the room lists (`/api/rooms`, `room_list`).
struct RoomSummary: Codable, Sendable, Equatable {
    let name: String
    let users: Int
    let created_at: Double
}

/// `/api/stats` and the event stream's `stats` event.
struct ChatStats: Codable, Sendable, Equatable {
    let uptime: Int
    let users_online: Int
    let rooms_count: Int
    let messages_total: Int
    let sse_subscribers: Int
}

/// Something the `/events` stream tells every page: its event name, the id a reconnecting
/// `EventSource` sends back (`nil` for stats, which are not replayed), and its data, already
/// JSON. Travels over the feed channel as JSON itself.
struct FeedEvent: Codable, Sendable, Equatable {
    let event: String
    let id: Int?
    let data: String
}

/// A request the showcase refuses, told to the client as `{"type":"error","message":...}`.
struct ChatError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
