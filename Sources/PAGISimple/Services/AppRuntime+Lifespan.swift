import Logging
import PAGI

/// Where an application's lifespan stands.
struct Lifecycle: Sendable {
    /// Lifespans running (one per server, usually): the first starts the application, the
    /// last stops it.
    var starts = 0
    /// The lifespan scope's `state`.
    var state: SharedValues?
    var shuttingDown = false
    /// The applications this one is mounted in, as the lifespan started it.
    var outer: [AppRuntime] = []
    /// The mounted applications started with it, to stop with it.
    var startedMounts: [AppRuntime] = []
}

/// Why an application could not start: the message of `lifespan.startup.failed`.
struct StartupFailure: Error, CustomStringConvertible {
    let description: String
}

extension AppRuntime {
    /// Answers the lifespan scope: startup makes the singletons (in registration order), runs
    /// the startup hooks (in order), then starts the mounted Simple applications; shutdown
    /// undoes it in reverse (see ``shutdown()``). A failed startup answers
    /// `lifespan.startup.failed` naming what failed, after undoing what had started.
    func serveLifespan(_ lifespan: LifespanScope, receive: Receive, send: Send) async throws {
        while true {
            switch try await receive() {
            case .lifespanStartup:
                do {
                    try await self.startup(state: lifespan.state, outer: [])
                } catch {
                    self.logger.error("Startup failed: \(error)")
                    try await send(.lifespanStartupFailed(message: "\(error)"))
                    return
                }
                try await send(.lifespanStartupComplete)
            case .lifespanShutdown:
                let failures = await self.shutdown()
                try await send(failures.isEmpty ? .lifespanShutdownComplete : .lifespanShutdownFailed(message: failures.joined(separator: "; ")))
                return
            default:
                continue
            }
        }
    }

    /// Starts the application inside `outer` (the applications it is mounted in); throws a
    /// ``StartupFailure`` naming the application and what failed.
    func startup(state: SharedValues, outer: [AppRuntime]) async throws {
        let first = self.lifecycle.withLock { lifecycle in
            lifecycle.starts += 1
            guard lifecycle.starts == 1 else { return false }
            lifecycle = Lifecycle(starts: 1, state: state, outer: outer)
            return true
        }
        guard first else { return }
        let runtimes = [self] + outer
        let registry = self.registry.withLock { $0 }
        var startedMounts: [AppRuntime] = []
        do {
            let lookup = ServiceLookup(runtimes: runtimes, request: nil)
            for key in registry.order {
                guard let registration = registry.services[key], registration.kind == .singleton else { continue }
                _ = try await lookup.instance(of: registration, registeredAt: 0)
            }
            for hook in registry.startupHooks {
                do {
                    try await hook.run(AppContext(runtimes: runtimes))
                } catch {
                    throw StartupFailure(description: "\(self.name): The startup hook \(hook.label) failed: \(error)")
                }
            }
            for mount in registry.mounts {
                try await mount.startup(state: state, outer: runtimes)
                startedMounts.append(mount)
            }
        } catch {
            for mount in startedMounts.reversed() { _ = await mount.shutdown() }
            _ = await self.stop(cancellingAtOnce: true)
            throw error as? StartupFailure ?? StartupFailure(description: "\(self.name): \(error)")
        }
        self.lifecycle.withLock { $0.startedMounts = startedMounts }
    }

    /// Stops the application (when its last lifespan ends): the mounted applications (the
    /// last mounted first), the shutdown hooks (the last registered first), then the background
    /// tasks (a grace period, then cancelled), the singletons (newest first) and the
    /// blocking-work threads. Every step runs even when one fails; the failures are returned.
    func shutdown() async -> [String] {
        let stopping = self.lifecycle.withLock { lifecycle -> Lifecycle? in
            guard lifecycle.starts > 0 else { return nil }
            lifecycle.starts -= 1
            guard lifecycle.starts == 0 else { return nil }
            lifecycle.shuttingDown = true
            return lifecycle
        }
        guard let stopping else { return [] }
        var failures: [String] = []
        for mount in stopping.startedMounts.reversed() {
            failures += await mount.shutdown()
        }
        let app = AppContext(runtimes: [self] + stopping.outer)
        for hook in self.registry.withLock({ $0.shutdownHooks }).reversed() {
            do {
                try await hook.run(app)
            } catch {
                failures.append("\(self.name): The shutdown hook \(hook.label) failed: \(error)")
                self.logger.error("\(failures.last!)")
            }
        }
        return failures + (await self.stop(cancellingAtOnce: false))
    }

    /// Ends the background tasks (after their grace period, or at once after a failed
    /// startup), shuts the singletons down and stops the threads, so that a later lifespan
    /// starts afresh; returns (and logs) what failed.
    private func stop(cancellingAtOnce: Bool) async -> [String] {
        let logger = self.logger
        let grace = self.settings.withLock { $0.backgroundGracePeriod }
        await self.background.drain(grace: grace, cancellingAtOnce: cancellingAtOnce, logger: logger)
        let failures = await self.singletons.shutdownAll().map { "\(self.name): The service \($0.service) failed to shut down: \($0.error)" }
        await self.pool.shutdown()
        self.lifecycle.withLock { $0 = Lifecycle() }
        for failure in failures { logger.error("\(failure)") }
        return failures
    }
}
