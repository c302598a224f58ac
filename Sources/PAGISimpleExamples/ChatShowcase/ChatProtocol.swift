/// The JSON the chat's WebSocket speaks, as in the Perl original (its README's protocol).

/// What a client sends: `{"type": "message" | "join" | "leave" | "typing" | "pm" | "set_nick" |
/// "get_rooms" | "get_users" | "get_history" | "ping" | "pong", ...}`; a missing type is a
/// `message`.
struct ClientMessage: Decodable {
    var type: String?
    var room: String?
    var text: String?
    var typing: Bool?
    var to: String?
    var name: String?
    var ts: Double?
}

/// What the server sends, one type per message kind.
enum Outgoing {
    struct Connected: Encodable {
        let type = "connected"
        let user_id: String
        let name: String
        let rooms: [String]
    }

    /// A chat `message` or a `/me` `action`, to a room (and, as data, to the event feed).
    struct Line: Encodable {
        let type: String
        let room: String
        let from: String
        let text: String
        let ts: Double
        let id: Int
    }

    struct Joined: Encodable {
        let type = "joined"
        let room: String
        let history: [ChatMessage]
        let users: [RoomUser]
    }

    struct Left: Encodable {
        let type = "left"
        let room: String
    }

    /// `user_joined` or `user_left`, with who is in the room now.
    struct Presence: Encodable {
        let type: String
        let room: String
        let user: String
        let users: [RoomUser]
    }

    struct Typing: Encodable {
        let type = "typing"
        let room: String
        let user: String
        let typing: Bool
    }

    struct PrivateMessage: Encodable {
        let type = "pm"
        let from: String
        let text: String
        let ts: Double
    }

    struct PrivateMessageSent: Encodable {
        let type = "pm_sent"
        let to: String
        let text: String
        let ts: Double
    }

    /// To the renamed user (no room) and to each of its rooms (with the room's users).
    struct NickChanged: Encodable {
        let type = "nick_changed"
        var room: String?
        let old_name: String
        let new_name: String
        var users: [RoomUser]?
    }

    struct RoomList: Encodable {
        let type = "room_list"
        let rooms: [RoomSummary]
    }

    struct UserList: Encodable {
        let type = "user_list"
        let room: String
        let users: [RoomUser]
    }

    struct History: Encodable {
        let type = "history"
        let room: String
        let messages: [ChatMessage]
    }

    /// Text from the server to one client (`/help`).
    struct System: Encodable {
        let type = "system"
        let room: String
        let text: String
    }

    struct Failure: Encodable {
        let type = "error"
        let message: String
    }

    struct Pong: Encodable {
        let type = "pong"
        let ts: Double?
    }
}
