import PAGI
import PAGISimple

/// One WebSocket connection to the chat (`/ws/chat?name=...`): a user in the store, its rooms
/// as pub/sub rooms (`room:NAME`, which the socket joins), and a channel of its own
/// (`user:ID`) for private messages. Requests are handled one at a time, in order.
struct ChatConnection: Sendable {
    static let maxLength = 2000

    let socket: WebSocket
    let store: ChatStore
    let feed: ChatFeed
    let user: String

    static func channel(room: String) -> String { "room:" + room }
    static func channel(user: String) -> String { "user:" + user }

    /// Runs a connection from the handshake to its end: welcome, the lobby, each request; then
    /// the user leaves its rooms and the chat, however the connection ended.
    static func serve(_ socket: WebSocket, _ store: ChatStore) async throws {
        let feed = ChatFeed(store: store, pubsub: socket.context.pubsub)
        let arrival = store.connect(requestedName: socket.context.query["name"] ?? "")
        let connection = ChatConnection(socket: socket, store: store, feed: feed, user: arrival.id)
        var failure: (any Error)?
        do {
            try await socket.join(Self.channel(user: arrival.id))
            try await socket.send(json: Outgoing.Connected(user_id: arrival.id, name: arrival.name, rooms: arrival.rooms))
            try await feed.publish(arrival.feed)
            try await connection.join(ChatStore.lobby)
            for try await message in socket.messages { try await connection.handle(message) }
        } catch {
            failure = error
        }
        await connection.leaveChat()
        if let failure { throw failure }
    }

    /// One message from the client; a refused request is answered with an `error` message.
    func handle(_ message: WebSocketMessage) async throws {
        do {
            guard case .text = message, let request = try? message.decodeJSON(ClientMessage.self) else {
                throw ChatError(#"Send JSON text messages, such as {"type":"message","room":"general","text":"Hello!"}"#)
            }
            try await self.dispatch(request)
        } catch let refusal as ChatError {
            try await self.socket.send(json: Outgoing.Failure(message: refusal.message))
        }
    }

    private func dispatch(_ request: ClientMessage) async throws {
        let room = request.room ?? ChatStore.lobby
        switch request.type ?? "message" {
        case "message": try await self.post(request.text ?? "", in: room)
        case "join": try await self.join(request.room ?? "")
        case "leave": try await self.leave(room)
        case "typing": try await self.typing(request.typing ?? false, in: room)
        case "pm": try await self.sendPrivately(request.text ?? "", to: request.to ?? "")
        case "set_nick": try await self.rename(to: request.name ?? "")
        case "get_rooms": try await self.socket.send(json: Outgoing.RoomList(rooms: self.store.rooms()))
        case "get_users": try await self.sendUsers(of: room)
        case "get_history": try await self.sendHistory(of: room)
        case "ping": try await self.socket.send(json: Outgoing.Pong(ts: request.ts))
        case "pong": break
        case let other: throw ChatError("Unknown message type: \(other)")
        }
    }

    // MARK: - Rooms

    func join(_ requestedRoom: String) async throws {
        let room = ChatNames.roomName(requestedRoom)
        let channel = Self.channel(room: room)
        // In the room's channel before its history is read, so that no line falls between the
        // two (a line in both is told apart by its id).
        let subscribing = !room.isEmpty && !self.store.rooms(of: self.user).contains(room)
        if subscribing { try await self.socket.join(channel) }
        let joined: ChatStore.Joined
        do {
            joined = try self.store.join(self.user, room)
        } catch {
            if subscribing { try await self.socket.leave(channel) }
            throw error
        }
        try await self.socket.send(json: Outgoing.Joined(room: room, history: joined.history, users: joined.users))
        try await self.socket.broadcastToOthers(json: Outgoing.Presence(type: "user_joined", room: room, user: joined.name, users: joined.users), to: channel)
        try await self.feed.publish(joined.feed)
    }

    func leave(_ room: String) async throws {
        let (departure, events) = try self.store.leave(self.user, room)
        try await self.socket.leave(Self.channel(room: room))
        try await self.socket.send(json: Outgoing.Left(room: room))
        try await self.socket.broadcast(json: Outgoing.Presence(type: "user_left", room: room, user: departure.name, users: departure.users), to: Self.channel(room: room))
        try await self.feed.publish(events)
    }

    /// Out of every room and of the chat, telling the rooms and the feed.
    func leaveChat() async {
        guard let goodbye = self.store.disconnect(self.user) else { return }
        for departure in goodbye.departures {
            let presence = Outgoing.Presence(type: "user_left", room: departure.room, user: goodbye.name, users: departure.users)
            _ = try? await self.socket.broadcast(json: presence, to: Self.channel(room: departure.room))
        }
        try? await self.feed.publish(goodbye.feed)
    }

    // MARK: - Lines

    /// A chat line, or a command when it starts with `/`.
    func post(_ text: String, in room: String) async throws {
        guard self.store.rooms(of: self.user).contains(room) else { throw ChatError("You are not in room: \(room)") }
        if let command = ChatCommand(text) { return try await self.run(command, in: room) }
        guard !text.trimmingWhitespace().isEmpty else { return }
        try await self.publish(text, type: "message", in: room)
    }

    /// Stores a line and sends it to the room and the feed.
    func publish(_ text: String, type: String, in room: String) async throws {
        guard text.count <= Self.maxLength else { throw ChatError("A message can have at most \(Self.maxLength) characters") }
        let posted = try self.store.post(text, type: type, from: self.user, in: room)
        let channel = Self.channel(room: room)
        if posted.wasTyping {
            try await self.socket.broadcastToOthers(json: Outgoing.Typing(room: room, user: posted.line.from, typing: false), to: channel)
        }
        try await self.socket.broadcast(json: posted.line, to: channel)
        try await self.feed.publish(posted.feed)
    }

    func typing(_ typing: Bool, in room: String) async throws {
        let name = try self.store.setTyping(self.user, in: room, typing)
        try await self.socket.broadcastToOthers(json: Outgoing.Typing(room: room, user: name, typing: typing), to: Self.channel(room: room))
    }
}
