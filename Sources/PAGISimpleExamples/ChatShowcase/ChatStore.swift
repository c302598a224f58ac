#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PAGISimple
import Synchronization

/// The chat's shared state, in memory: users, rooms with their last 100 lines, and the last 50
/// events of the `/events` feed. One lock guards it all; each operation checks, changes and
/// reports in one step, so that concurrent connections never see a half-made change. What an
/// operation returns is a copy: the caller publishes it after the lock is released.
final class ChatStore: Sendable {
    static let defaultRooms = ["general", "random", "help"]
    static let lobby = "general"
    static let historyLimit = 100
    /// The lines a user joining a room is shown.
    static let joinHistory = 50
    static let feedLimit = 50
    static let maxRooms = 100

    struct User {
        let id: String
        var name: String
        var rooms: Set<String> = []
        var typingIn: String?
    }

    struct Room {
        let name: String
        let createdAt: Double
        /// Member ids, in the order they joined.
        var members: [String] = []
        var messages: [ChatMessage] = []
    }

    struct State {
        var users: [String: User] = [:]
        var rooms: [String: Room] = [:]
        var feed: [FeedEvent] = []
        var lastUserNumber = 0
        var lastMessageID = 0
        var lastFeedID = 0
    }

    let state = Mutex(State())
    let startedAt = ChatStore.now()

    init() {
        self.state.withLock { state in
            for name in Self.defaultRooms { state.rooms[name] = Room(name: name, createdAt: self.startedAt) }
        }
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

    // MARK: - Reading

    /// Every room, by name.
    func rooms() -> [RoomSummary] {
        self.state.withLock { state in
            state.rooms.values.sorted { $0.name < $1.name }.map { RoomSummary(name: $0.name, users: $0.members.count, created_at: $0.createdAt) }
        }
    }

    /// The last `limit` lines of `room`; `nil` when there is no such room.
    func history(of room: String, limit: Int = ChatStore.historyLimit) -> [ChatMessage]? {
        self.state.withLock { $0.rooms[room].map { Array($0.messages.suffix(limit)) } }
    }

    /// Who is in `room`; `nil` when there is no such room.
    func users(in room: String) -> [RoomUser]? {
        self.state.withLock { state in state.rooms[room].map { Self.users(of: $0, state) } }
    }

    /// A user's name, while connected.
    func name(of user: String) -> String? { self.state.withLock { $0.users[user]?.name } }

    /// The rooms a user is in, sorted.
    func rooms(of user: String) -> [String] { self.state.withLock { $0.users[user]?.rooms.sorted() ?? [] } }

    /// The id of the connected user called `name`.
    func user(named name: String) -> String? {
        self.state.withLock { state in state.users.values.first { $0.name == name }?.id }
    }

    func stats(streams: Int) -> ChatStats {
        self.state.withLock { state in
            ChatStats(
                uptime: Int(Self.now() - self.startedAt), users_online: state.users.count, rooms_count: state.rooms.count,
                messages_total: state.rooms.values.reduce(0) { $0 + $1.messages.count }, sse_subscribers: streams
            )
        }
    }

    /// The feed events after `id`, oldest first (what a reconnecting page missed).
    func feed(after id: Int) -> [FeedEvent] {
        self.state.withLock { state in state.feed.filter { ($0.id ?? 0) > id } }
    }

    static func users(of room: Room, _ state: State) -> [RoomUser] {
        room.members.compactMap { id in
            state.users[id].map { RoomUser(id: $0.id, name: $0.name, typing: $0.typingIn == room.name) }
        }
    }

    // MARK: - Changing (helpers for the operations, under the lock)

    /// A name no connected user has (but `user`): `base`, else `base1`, `base2`...
    static func unique(_ base: String, _ state: State, except user: String? = nil) -> String {
        let taken = Set(state.users.values.filter { $0.id != user }.map(\.name))
        var name = base
        var suffix = 1
        while taken.contains(name) {
            name = base + String(suffix)
            suffix += 1
        }
        return name
    }

    /// Adds a line to `room`'s history, keeping the last 100.
    static func record(_ text: String, from: String, type: String, in room: String, _ state: inout State) -> ChatMessage? {
        guard state.rooms[room] != nil else { return nil }
        state.lastMessageID += 1
        let message = ChatMessage(id: state.lastMessageID, from: from, text: text, type: type, ts: Self.now())
        state.rooms[room]!.messages.append(message)
        if state.rooms[room]!.messages.count > Self.historyLimit { state.rooms[room]!.messages.removeFirst() }
        return message
    }

    /// Adds an event to the feed, keeping the last 50, and returns it.
    static func announce(_ event: String, _ data: some Encodable, _ state: inout State) -> FeedEvent {
        state.lastFeedID += 1
        let entry = FeedEvent(event: event, id: state.lastFeedID, data: ChatJSON.text(data))
        state.feed.append(entry)
        if state.feed.count > Self.feedLimit { state.feed.removeFirst() }
        return entry
    }
}

/// JSON text for the wire: keys sorted, as the rest of the project writes it.
enum ChatJSON {
    static func text(_ value: some Encodable) -> String {
        // Encoding these plain structs cannot fail.
        (try? PubSubPayload.json(value).text) ?? "{}"
    }
}
