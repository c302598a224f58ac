import Synchronization

/// Sessions in this process's memory: the default store of ``Session``.
///
/// Sessions are lost when the process ends and are not shared between worker processes; use
/// a store on a shared service (Redis, a database) for those.
///
/// - Expiry: a session expires `lifetime` after it was last saved; an expired one is never
///   returned.
/// - Bounds: at most `maxSessions` sessions. Expired sessions are swept every 1,000 saves and
///   whenever the store is full; when it is still full, saving a new session evicts the one
///   closest to expiring (its user must log in again) rather than refusing service.
public final class MemorySessionStore: SessionStore {
    private struct Entry {
        var values: [String: String]
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var savesSinceSweep = 0
    }

    /// The largest number of sessions kept.
    public let maxSessions: Int
    private let state = Mutex(State())

    /// An empty store holding at most `maxSessions` sessions (10,000 by default).
    public init(maxSessions: Int = 10_000) {
        precondition(maxSessions > 0, "maxSessions must be positive")
        self.maxSessions = maxSessions
    }

    public func load(id: String) async -> [String: String]? {
        let now = ContinuousClock.now
        return self.state.withLock { state in
            guard let entry = state.entries[id] else { return nil }
            guard entry.expires > now else {
                state.entries[id] = nil
                return nil
            }
            return entry.values
        }
    }

    public func save(id: String, values: [String: String], lifetime: Duration) async -> String {
        let now = ContinuousClock.now
        self.state.withLock { state in
            state.savesSinceSweep += 1
            let isNew = state.entries[id] == nil
            if state.savesSinceSweep >= 1_000 || (isNew && state.entries.count >= self.maxSessions) {
                state.entries = state.entries.filter { $0.value.expires > now }
                state.savesSinceSweep = 0
            }
            if isNew, state.entries.count >= self.maxSessions,
                let oldest = state.entries.min(by: { $0.value.expires < $1.value.expires })?.key
            {
                state.entries[oldest] = nil
            }
            state.entries[id] = Entry(values: values, expires: now + lifetime)
        }
        return id
    }

    public func delete(id: String) async {
        _ = self.state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// The number of sessions held, counting expired ones not swept yet.
    public var count: Int { self.state.withLock { $0.entries.count } }
}
