import PAGISimple

/// A chat line that is a command: `/name` and what follows it, trimmed.
struct ChatCommand: Equatable {
    let name: String
    let argument: String

    /// `nil` when `text` is not `/` followed by a word (`/ hello` and `//` are plain lines).
    init?(_ text: String) {
        guard text.hasPrefix("/") else { return nil }
        let rest = text.dropFirst()
        let name = rest.prefix { !$0.isWhitespace }
        guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else { return nil }
        self.name = String(name)
        self.argument = String(rest.dropFirst(name.count)).trimmingWhitespace()
    }

    static let help = """
        Available commands:
        /help - Show this help
        /rooms - List all rooms
        /users - List users in current room
        /join <room> - Join or create a room
        /leave - Leave current room
        /pm <user> <message> - Send private message
        /nick <name> - Change your nickname
        /me <action> - Send action message
        """
}

/// The commands, private messages, nicknames and lists.
extension ChatConnection {
    func run(_ command: ChatCommand, in room: String) async throws {
        let argument = command.argument
        switch command.name {
        case "help": try await self.socket.send(json: Outgoing.System(room: room, text: ChatCommand.help))
        case "rooms": try await self.socket.send(json: Outgoing.RoomList(rooms: self.store.rooms()))
        case "users": try await self.sendUsers(of: room)
        case "join":
            guard !argument.isEmpty else { throw ChatError("Usage: /join <room>") }
            try await self.join(argument)
        case "leave": try await self.leave(room)
        case "pm":
            let recipient = argument.prefix { !$0.isWhitespace }
            let text = String(argument.dropFirst(recipient.count)).trimmingWhitespace()
            guard !recipient.isEmpty, !text.isEmpty else { throw ChatError("Usage: /pm <user> <message>") }
            try await self.sendPrivately(text, to: String(recipient))
        case "nick":
            guard !argument.isEmpty else { throw ChatError("Usage: /nick <name>") }
            try await self.rename(to: argument)
        case "me":
            guard !argument.isEmpty, let name = self.store.name(of: self.user) else { throw ChatError("Usage: /me <action>") }
            try await self.publish("* \(name) \(argument)", type: "action", in: room)
        default:
            throw ChatError("Unknown command: /\(command.name). Type /help for available commands.")
        }
    }

    /// A private message: to the recipient's own channel, with a receipt to the sender.
    func sendPrivately(_ text: String, to recipient: String) async throws {
        guard !recipient.isEmpty, !text.trimmingWhitespace().isEmpty else { throw ChatError("A private message needs a recipient (to) and some text") }
        guard text.count <= Self.maxLength else { throw ChatError("A message can have at most \(Self.maxLength) characters") }
        guard let target = self.store.user(named: recipient), let sender = self.store.name(of: self.user) else {
            throw ChatError("User not found: \(recipient)")
        }
        let now = ChatStore.now()
        try await self.socket.broadcast(json: Outgoing.PrivateMessage(from: sender, text: text, ts: now), to: Self.channel(user: target))
        try await self.socket.send(json: Outgoing.PrivateMessageSent(to: recipient, text: text, ts: now))
    }

    func rename(to requestedName: String) async throws {
        guard let renamed = try self.store.rename(self.user, to: requestedName) else { return }
        try await self.socket.send(json: Outgoing.NickChanged(old_name: renamed.oldName, new_name: renamed.newName))
        for (room, users) in renamed.rooms {
            let change = Outgoing.NickChanged(room: room, old_name: renamed.oldName, new_name: renamed.newName, users: users)
            try await self.socket.broadcastToOthers(json: change, to: Self.channel(room: room))
        }
    }

    func sendUsers(of room: String) async throws {
        guard let users = self.store.users(in: room) else { throw ChatError("No such room: \(room)") }
        try await self.socket.send(json: Outgoing.UserList(room: room, users: users))
    }

    func sendHistory(of room: String) async throws {
        guard let messages = self.store.history(of: room) else { throw ChatError("No such room: \(room)") }
        try await self.socket.send(json: Outgoing.History(room: room, messages: messages))
    }
}
