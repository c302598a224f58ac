/// Users arriving and leaving, and rooms being joined, left, made and removed.
extension ChatStore {
    /// A user who just connected.
    struct Arrival {
        let id: String
        let name: String
        let rooms: [String]
        let feed: FeedEvent
    }

    /// A room just joined: the history and users to show, and the feed events it caused.
    struct Joined {
        let room: String
        let name: String
        let history: [ChatMessage]
        let users: [RoomUser]
        let feed: [FeedEvent]
    }

    /// A room just left by `name`, with who is still there.
    struct Departure {
        let room: String
        let name: String
        let users: [RoomUser]
    }

    /// A user who just disconnected: the rooms to tell, and the feed events it caused.
    struct Goodbye {
        let name: String
        let departures: [Departure]
        let feed: [FeedEvent]
    }

    struct UserConnected: Encodable { let user: String; let count: Int }
    struct RoomCreated: Encodable { let room: String; let created_by: String }
    struct RoomDeleted: Encodable { let room: String }

    /// Adds a user called `requestedName` (cleaned; `Anonymous` when empty, `UserN` when too
    /// short, with a number added when taken).
    func connect(requestedName: String) -> Arrival {
        self.state.withLock { state in
            let trimmed = requestedName.trimmingWhitespace()
            let cleaned = trimmed.isEmpty ? "Anonymous" : ChatNames.userName(trimmed)
            let name = Self.unique(cleaned.isEmpty ? "User\(Int.random(in: 0..<1000))" : cleaned, state)
            state.lastUserNumber += 1
            let id = "u\(state.lastUserNumber)"
            state.users[id] = User(id: id, name: name)
            let feed = Self.announce("user_connected", UserConnected(user: name, count: state.users.count), &state)
            return Arrival(id: id, name: name, rooms: state.rooms.keys.sorted(), feed: feed)
        }
    }

    /// Removes `user` from its rooms and from the chat (silently in the rooms' histories, as
    /// the original does).
    func disconnect(_ user: String) -> Goodbye? {
        self.state.withLock { state in
            guard let gone = state.users.removeValue(forKey: user) else { return nil }
            var feed: [FeedEvent] = []
            let departures = gone.rooms.sorted().map { room in
                state.rooms[room]?.members.removeAll { $0 == user }
                feed += Self.removeIfAbandoned(room, &state)
                return Departure(room: room, name: gone.name, users: state.rooms[room].map { Self.users(of: $0, state) } ?? [])
            }
            feed.append(Self.announce("user_disconnected", UserConnected(user: gone.name, count: state.users.count), &state))
            return Goodbye(name: gone.name, departures: departures, feed: feed)
        }
    }

    /// Puts `user` in `requestedRoom` (cleaned), making the room when it does not exist.
    func join(_ user: String, _ requestedRoom: String) throws(ChatError) -> Joined {
        let room = ChatNames.roomName(requestedRoom)
        guard !room.isEmpty else { throw ChatError("A room name needs at least 2 letters, digits, '-' or '_'") }
        return try self.state.withLock { state throws(ChatError) in
            guard let name = state.users[user]?.name else { throw ChatError("You are not connected") }
            guard state.users[user]?.rooms.contains(room) != true else { throw ChatError("You are already in room: \(room)") }
            var feed: [FeedEvent] = []
            if state.rooms[room] == nil {
                guard state.rooms.count < Self.maxRooms else { throw ChatError("There are already \(Self.maxRooms) rooms: join one of them") }
                state.rooms[room] = Room(name: room, createdAt: Self.now())
                feed.append(Self.announce("room_created", RoomCreated(room: room, created_by: name), &state))
            }
            state.rooms[room]!.members.append(user)
            state.users[user]!.rooms.insert(room)
            _ = Self.record("\(name) joined the room", from: "system", type: "system", in: room, &state)
            let history = Array(state.rooms[room]!.messages.suffix(Self.joinHistory))
            return Joined(room: room, name: name, history: history, users: Self.users(of: state.rooms[room]!, state), feed: feed)
        }
    }

    /// Takes `user` out of `room` (never the lobby); an empty room of a user's making goes.
    func leave(_ user: String, _ room: String) throws(ChatError) -> (Departure, [FeedEvent]) {
        try self.state.withLock { state throws(ChatError) in
            guard room != Self.lobby else { throw ChatError("You cannot leave the \(Self.lobby) room") }
            guard let name = state.users[user]?.name, state.users[user]!.rooms.contains(room) else {
                throw ChatError("You are not in room: \(room)")
            }
            state.users[user]!.rooms.remove(room)
            if state.users[user]!.typingIn == room { state.users[user]!.typingIn = nil }
            state.rooms[room]?.members.removeAll { $0 == user }
            _ = Self.record("\(name) left the room", from: "system", type: "system", in: room, &state)
            let feed = Self.removeIfAbandoned(room, &state)
            let users = state.rooms[room].map { Self.users(of: $0, state) } ?? []
            return (Departure(room: room, name: name, users: users), feed)
        }
    }

    /// Removes `room` when nobody is left in it, unless it is one of the default rooms.
    private static func removeIfAbandoned(_ room: String, _ state: inout State) -> [FeedEvent] {
        guard let members = state.rooms[room]?.members, members.isEmpty, !Self.defaultRooms.contains(room) else { return [] }
        state.rooms[room] = nil
        return [Self.announce("room_deleted", RoomDeleted(room: room), &state)]
    }
}
