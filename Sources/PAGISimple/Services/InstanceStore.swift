import Synchronization

/// Service instances made once and kept: an application's singletons, or one request's
/// per-request instances.
///
/// Each instance is made in a task of its own, so that concurrent first lookups wait for the
/// same one (the initialiser runs once) and a caller that is cancelled does not cancel it for
/// the others. An initialiser that throws leaves nothing behind: the next lookup tries again.
final class InstanceStore: Sendable {
    /// An instance made, with its service's name.
    private struct Made: Sendable {
        let name: String
        let instance: any Sendable
    }

    /// A service of one application: a request's store holds those of every Simple
    /// application it passes through, and two of them may register the same type.
    private struct Key: Hashable {
        let owner: ObjectIdentifier
        let service: ObjectIdentifier
    }

    private struct State {
        var making: [Key: Task<any Sendable, any Error>] = [:]
        /// Oldest first: they are released newest first.
        var made: [Made] = []
    }

    private let state = Mutex(State())

    /// The instance for `registration` of `owner`'s application, made by `make` the first time.
    func instance(
        _ registration: ServiceRegistration,
        owner: AppRuntime,
        make: @escaping @Sendable () async throws -> any Sendable
    ) async throws -> any Sendable {
        let key = Key(owner: ObjectIdentifier(owner), service: registration.key)
        let task = self.state.withLock { state in
            if let task = state.making[key] { return task }
            let task = Task {
                let instance = try await make()
                self.state.withLock { $0.made.append(Made(name: registration.name, instance: instance)) }
                return instance
            }
            state.making[key] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            self.state.withLock { state in
                if state.making[key] == task { state.making[key] = nil }
            }
            throw error
        }
    }

    /// Whether no instance has been asked for.
    var isEmpty: Bool { self.state.withLock { $0.making.isEmpty } }

    /// Forgets every instance, and shuts down those that are ``SimpleService``s, newest first,
    /// every one even when some fail; returns the failures.
    func shutdownAll() async -> [(service: String, error: any Error)] {
        let made = self.state.withLock { state in
            defer { state = State() }
            return state.made
        }
        var failures: [(service: String, error: any Error)] = []
        for made in made.reversed() {
            guard let service = made.instance as? any SimpleService else { continue }
            do {
                try await service.shutdown()
            } catch {
                failures.append((made.name, error))
            }
        }
        return failures
    }
}
