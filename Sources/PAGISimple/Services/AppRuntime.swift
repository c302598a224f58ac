import Logging
import NIOCore
import PAGI
import Synchronization

/// What a ``SimpleApp`` has at run time, beside its routes: its services and their
/// singletons, lifespan hooks, blocking-work threads, background tasks and the Simple
/// applications mounted in it. One per `SimpleApp`, shared by every application built from it.
final class AppRuntime: Sendable {
    /// What `SimpleApp` copies in when it is made and built.
    struct Settings: Sendable {
        var name = "Simple"
        var logger = Logger(label: "pagi.simple")
        var blockingThreadCount = 1
        var backgroundGracePeriod: Duration = .zero
    }

    /// A startup or shutdown hook, with where it was registered (to name it when it fails).
    struct Hook: Sendable {
        let label: String
        let run: @Sendable (AppContext) async throws -> Void
    }

    struct Registry: Sendable {
        var services: [ObjectIdentifier: ServiceRegistration] = [:]
        /// Registration order: singletons are made in it at startup.
        var order: [ObjectIdentifier] = []
        var startupHooks: [Hook] = []
        var shutdownHooks: [Hook] = []
        /// Simple applications mounted in this one: their lifespans run inside its own.
        var mounts: [AppRuntime] = []
    }

    let settings: Mutex<Settings>
    let registry = Mutex(Registry())
    let singletons = InstanceStore()
    let pool = BlockingPool()
    let background = BackgroundTasks()
    let lifecycle = Mutex(Lifecycle())
    /// The state hooks and singletons see without a lifespan.
    private let ownState = SharedValues()

    init(_ settings: Settings = Settings()) {
        self.settings = Mutex(settings)
    }

    var name: String { self.settings.withLock { $0.name } }
    var logger: Logger { self.settings.withLock { $0.logger } }

    /// Registers `registration`, replacing an earlier one of the same type in its place (a
    /// test can replace a real service with a fake).
    func register(_ registration: ServiceRegistration) {
        self.registry.withLock { registry in
            if registry.services.updateValue(registration, forKey: registration.key) == nil {
                registry.order.append(registration.key)
            }
        }
    }

    func registration(for key: ObjectIdentifier) -> ServiceRegistration? {
        self.registry.withLock { $0.services[key] }
    }

    /// The lifespan state while a lifespan runs, else the application's own store.
    var state: SharedValues { self.lifecycle.withLock { $0.state } ?? self.ownState }

    /// Whether the lifespan is shutting down.
    var isShuttingDown: Bool { self.lifecycle.withLock { $0.shuttingDown } }

    /// Runs `body` on the blocking-work threads.
    func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await self.pool.run(threads: self.settings.withLock { $0.blockingThreadCount }, body)
    }
}

extension ScopeKey where Value == RequestServices {
    /// `pagi.simple.services`: the services of the Simple applications a request passes
    /// through, and its per-request instances.
    static let simpleServices = ScopeKey("pagi.simple.services")
}
