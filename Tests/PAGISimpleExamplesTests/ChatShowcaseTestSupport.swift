import PAGI
import PAGISimpleExamples
import PAGITesting
import Testing

/// A message of the showcase's WebSocket protocol, every field optional but its type.
struct ChatWire: Decodable, Sendable {
    struct User: Decodable, Equatable, Sendable { var id: String; var name: String; var typing: Bool }
    struct Line: Decodable, Equatable, Sendable { var id: Int; var from: String; var text: String; var type: String }
    struct Room: Decodable, Equatable, Sendable { var name: String; var users: Int }

    /// `rooms`: names in `connected`, summaries in `room_list`.
    enum Rooms: Decodable, Sendable {
        case names([String])
        case summaries([Room])
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let names = try? container.decode([String].self) { self = .names(names) } else { self = .summaries(try container.decode([Room].self)) }
        }
    }

    var type: String
    var room: String?
    var from: String?
    var text: String?
    var id: Int?
    var user: String?
    var users: [User]?
    var name: String?
    var user_id: String?
    var typing: Bool?
    var to: String?
    var old_name: String?
    var new_name: String?
    var message: String?
    var history: [Line]?
    var messages: [Line]?
    var rooms: Rooms?

    var userNames: [String] { self.users?.map(\.name) ?? [] }

    var roomNames: [String] {
        switch self.rooms {
        case .names(let names)?: names
        case .summaries(let rooms)?: rooms.map(\.name)
        case nil: []
        }
    }
}

extension TestWebSocket {
    /// The next message, whatever its type.
    func nextMessage() async throws -> ChatWire {
        try await self.receive().decodeJSON(ChatWire.self)
    }

    /// The next message of `type`, past up to 20 of other types (presence and typing news
    /// from other connections can arrive in between).
    func next(_ type: String) async throws -> ChatWire {
        for _ in 0..<20 {
            let message = try await self.nextMessage()
            if message.type == type { return message }
        }
        throw ChatTestFailure("No \(type) message among the next 20")
    }

    /// Sends a protocol message.
    func send(json: String) async throws { try await self.send(text: json) }

    /// Posts a chat line (or a command) to `room`.
    func say(_ text: String, in room: String = "general") async throws {
        try await self.send(json: #"{"type":"message","room":"\#(room)","text":"\#(text)"}"#)
    }
}

extension TestClient {
    /// A chat connection as `name`, past its welcome and its arrival in the lobby.
    func chatter(_ name: String) async throws -> TestWebSocket {
        let socket = try await self.websocket("/ws/chat?name=\(name)")
        _ = try await socket.next("connected")
        _ = try await socket.next("joined")
        return socket
    }
}

struct ChatTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` for up to two seconds (connections clean up as they wind down).
func eventually(_ condition: @Sendable () -> Bool) async throws {
    for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    #expect(condition())
}

/// `/api/stats` and the feed's `stats` events.
struct ChatStatsWire: Decodable, Equatable {
    var uptime: Int
    var users_online: Int
    var rooms_count: Int
    var messages_total: Int
    var sse_subscribers: Int
}

/// The data of the feed's presence, room and chat events.
struct FeedWire: Decodable, Equatable {
    var user: String?
    var count: Int?
    var room: String?
    var created_by: String?
    var from: String?
    var text: String?
    var type: String?
}

extension SSEMessage {
    func json<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try WebSocketMessage.text(self.data).decodeJSON(type)
    }
}

extension TestSSEStream {
    /// The next event that is not `stats` (which follow every change).
    func nextNews() async throws -> SSEMessage {
        while let message = try await self.next() {
            if message.event != "stats" { return message }
        }
        throw ChatTestFailure("The feed ended")
    }
}
