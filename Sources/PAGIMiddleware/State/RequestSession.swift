#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import PAGI
import Synchronization

/// The session of one request, as the ``Session`` middleware puts it in the scope
/// (`request[.session]`): a reference, so every layer below sees and changes the same one.
///
/// ```swift
/// let session = request[.session]!
/// session["visits"] = String(Int(session["visits"] ?? "0")! + 1)
/// try session.encode(cart, forKey: "cart")
/// session.rotate()      // after a login: the same data under a new id
/// session.destroy()     // logout: data, store entry and cookie gone
/// ```
///
/// Values are text; ``encode(_:forKey:)`` and ``decode(_:forKey:)`` keep `Codable` values as
/// JSON. The middleware saves the session when the response head goes out, if it changed.
public final class RequestSession: Sendable {
    struct State {
        var id: String
        var values: [String: String]
        /// Counts the changes.
        var version = 0
        /// The version saved when the response head went out.
        var versionAtHead: Int?
        /// The id the client's cookie names once the head went out (`nil`: no cookie).
        var idAtHead: String?
    }

    /// The id the session was loaded under, `nil` for a new session.
    let loadedID: String?
    private let state: Mutex<State>

    init(id: String, values: [String: String], loadedID: String?) {
        self.loadedID = loadedID
        self.state = Mutex(State(id: id, values: values))
    }

    /// Whether the request came without a valid session (it was created for this request).
    public var isNew: Bool { self.loadedID == nil }

    /// The session's id in its store (for ``SignedCookieSessionStore``, which keeps no ids,
    /// the cookie it came in); it changes with ``rotate()``.
    public var id: String { self.state.withLock { $0.id } }

    /// The value under `key`; setting `nil` removes it.
    public subscript(key: String) -> String? {
        get { self.state.withLock { $0.values[key] } }
        set { self.change { $0.values[key] = newValue } }
    }

    /// Every value, by key.
    public var values: [String: String] { self.state.withLock { $0.values } }

    /// Whether the session holds no values (an empty session is not saved).
    public var isEmpty: Bool { self.state.withLock { $0.values.isEmpty } }

    /// Removes every value; the session ends unless values are set again.
    public func removeAll() {
        self.change { $0.values.removeAll() }
    }

    /// Gives the session a new id, keeping its values; the old id is deleted from the store.
    /// Call it when the user logs in or gains rights, so that an id an attacker planted or saw
    /// before is worthless (session fixation).
    public func rotate() {
        self.change { $0.id = Base64URL.randomToken() }
    }

    /// Ends the session: removes its values, deletes it from the store and removes the cookie.
    /// Values set afterwards start a new session with a new id.
    public func destroy() {
        self.change { state in
            state.values.removeAll()
            state.id = Base64URL.randomToken()
        }
    }

    /// Keeps `value` under `key` as JSON.
    public func encode(_ value: some Encodable, forKey key: String) throws {
        self[key] = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// The value under `key` decoded from JSON as `type`; `nil` when there is none.
    public func decode<T: Decodable>(_ type: T.Type, forKey key: String) throws -> T? {
        guard let json = self[key] else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    /// The current state.
    var snapshot: State { self.state.withLock { $0 } }

    /// The current state, for saving when the response head goes out; changes after it are
    /// told apart by ``State/versionAtHead``.
    func snapshotAtHead() -> State {
        self.state.withLock { state in
            state.versionAtHead = state.version
            state.idAtHead = state.values.isEmpty ? nil : state.id
            return state
        }
    }

    private func change(_ body: (inout State) -> Void) {
        self.state.withLock { state in
            body(&state)
            state.version += 1
        }
    }
}

extension ScopeKey where Value == RequestSession {
    /// `pagi.session`: the request's session (see ``Session``).
    public static let session = ScopeKey("pagi.session")
}
