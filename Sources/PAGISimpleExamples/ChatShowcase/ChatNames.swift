/// The rules for user and room names (the original's `sanitize_username` and
/// `sanitize_room_name`): letters, digits and `_` (rooms also `-`); anything else becomes `_`.
enum ChatNames {
    static let maxUserName = 20
    static let maxRoomName = 30

    /// `raw` cleaned for a user name: at most 20 characters; empty when too short (under 2).
    static func userName(_ raw: String) -> String {
        let cleaned = String(raw.map { Self.isWordCharacter($0) ? $0 : "_" }.prefix(Self.maxUserName))
        return cleaned.count < 2 ? "" : cleaned
    }

    /// `raw` cleaned for a room name: lower case, at most 30 characters; empty when too short.
    static func roomName(_ raw: String) -> String {
        let trimmed = raw.trimmingWhitespace()
        let cleaned = String(trimmed.map { Self.isWordCharacter($0) || $0 == "-" ? $0 : "_" }.prefix(Self.maxRoomName)).lowercased()
        return cleaned.count < 2 ? "" : cleaned
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character == "_" || character.isLetter || character.isNumber
    }
}

extension String {
    /// The string without leading and trailing white space.
    func trimmingWhitespace() -> String {
        let characters = self.drop { $0.isWhitespace }
        return String(characters.reversed().drop { $0.isWhitespace }.reversed())
    }
}
