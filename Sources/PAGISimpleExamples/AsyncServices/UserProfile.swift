#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AsyncServices {
    struct User: Encodable, Sendable {
        var id: String
        var name: String
        var email: String
        var role: String
        var loaded_at: Int
    }

    struct Preferences: Encodable, Sendable {
        var user_id: String
        var theme: String
        var notifications: Int
        var language: String
    }

    /// The user profile service (per request: one instance for the whole request, which
    /// remembers the users it has loaded, so a second lookup in the same request costs nothing).
    actor UserProfile {
        private static let users: [String: (name: String, email: String, role: String)] = [
            "1": ("Alice", "alice@example.com", "admin"),
            "2": ("Bob", "bob@example.com", "user"),
            "3": ("Carol", "carol@example.com", "moderator"),
        ]
        private static let preferences: [String: (theme: String, notifications: Int, language: String)] = [
            "1": ("dark", 1, "en"),
            "2": ("light", 0, "es"),
            "3": ("auto", 1, "fr"),
        ]

        private var loaded: [String: User] = [:]

        /// The user `id` (an unknown id is a guest called Unknown), loaded once per request.
        func user(_ id: String) -> User {
            if let user = self.loaded[id] { return user }
            let data = Self.users[id] ?? ("Unknown", "", "guest")
            let user = User(id: id, name: data.name, email: data.email, role: data.role, loaded_at: Int(Date().timeIntervalSince1970))
            self.loaded[id] = user
            return user
        }

        /// The preferences of user `id` (defaults for an unknown one).
        func preferences(_ id: String) -> Preferences {
            let data = Self.preferences[id] ?? ("light", 1, "en")
            return Preferences(user_id: id, theme: data.theme, notifications: data.notifications, language: data.language)
        }
    }
}
