/// Lines posted to rooms, typing, and nicknames.
extension ChatStore {
    /// A line just posted: what to broadcast, whether its author had been shown typing, and
    /// the feed event that tells every page.
    struct Posted {
        let line: Outgoing.Line
        let wasTyping: Bool
        let feed: FeedEvent
    }

    /// A nickname just changed, with the rooms that see it.
    struct Renamed {
        let oldName: String
        let newName: String
        let rooms: [(room: String, users: [RoomUser])]
    }

    /// Adds `text` to `room` from `user`, as a `message` or an `action` (`/me`).
    func post(_ text: String, type: String = "message", from user: String, in room: String) throws(ChatError) -> Posted {
        try self.state.withLock { state throws(ChatError) in
            guard let author = state.users[user], author.rooms.contains(room) else { throw ChatError("You are not in room: \(room)") }
            let wasTyping = author.typingIn == room
            if wasTyping { state.users[user]!.typingIn = nil }
            let stored = Self.record(text, from: author.name, type: type, in: room, &state)!
            let line = Outgoing.Line(type: type, room: room, from: author.name, text: text, ts: stored.ts, id: stored.id)
            return Posted(line: line, wasTyping: wasTyping, feed: Self.announce("message", line, &state))
        }
    }

    /// Shows or hides `user` as typing in `room`; returns the user's name.
    func setTyping(_ user: String, in room: String, _ typing: Bool) throws(ChatError) -> String {
        try self.state.withLock { state throws(ChatError) in
            guard let typist = state.users[user], typist.rooms.contains(room) else { throw ChatError("You are not in room: \(room)") }
            state.users[user]!.typingIn = typing ? room : (typist.typingIn == room ? nil : typist.typingIn)
            return typist.name
        }
    }

    /// Renames `user` to `requestedName` (cleaned, with a number added when taken); `nil` when
    /// that is already its name.
    func rename(_ user: String, to requestedName: String) throws(ChatError) -> Renamed? {
        let cleaned = ChatNames.userName(requestedName.trimmingWhitespace())
        guard !cleaned.isEmpty else { throw ChatError("A nickname needs at least 2 letters, digits or '_'") }
        return try self.state.withLock { state throws(ChatError) in
            guard let oldName = state.users[user]?.name else { throw ChatError("You are not connected") }
            let newName = Self.unique(cleaned, state, except: user)
            guard newName != oldName else { return nil }
            state.users[user]!.name = newName
            let rooms = state.users[user]!.rooms.sorted().map { room in
                _ = Self.record("\(oldName) is now known as \(newName)", from: "system", type: "system", in: room, &state)
                return (room: room, users: state.rooms[room].map { Self.users(of: $0, state) } ?? [])
            }
            return Renamed(oldName: oldName, newName: newName, rooms: rooms)
        }
    }
}
