import Logging
import PAGI
import Synchronization

/// An application's fire-and-forget tasks: started from handlers or hooks, they outlive the
/// request that started them, and end with the application's lifespan.
///
/// At lifespan shutdown they get a grace period to finish; those still running are then
/// cancelled, and given the same time again to notice. A task that throws has its error
/// logged; one cancelled at shutdown is logged at debug level only.
final class BackgroundTasks: Sendable {
    private struct State {
        var running: [UInt64: Task<Void, Never>] = [:]
        var nextID: UInt64 = 0
        /// During a drain: tasks started now are cancelled at once.
        var draining = false
    }

    private let state = Mutex(State())
    private let idleWaiters = WaitList()

    /// Starts `operation` in a task of its own; `label` names it in log lines.
    func start(_ label: String, logger: Logger, _ operation: @escaping @Sendable () async throws -> Void) {
        self.state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            // Created under the lock, so that the task cannot finish (and remove itself)
            // before it is recorded.
            let task = Task {
                do {
                    try await operation()
                } catch is CancellationError where Task.isCancelled {
                    logger.debug("Background task \(label) cancelled")
                } catch {
                    logger.error("Background task \(label) failed: \(error)")
                }
                self.finished(id)
            }
            state.running[id] = task
            if state.draining { task.cancel() }
        }
    }

    /// A task's name in log lines: the one it was given, or where it was started.
    static func label(_ name: String?, _ file: String, _ line: Int) -> String {
        name.map { "'\($0)'" } ?? "started at \(file):\(line)"
    }

    /// How many tasks are running.
    var count: Int { self.state.withLock { $0.running.count } }

    /// Waits up to `grace` for the running tasks to finish (unless `cancellingAtOnce`),
    /// cancels the rest and waits up to `grace` again; logs what it had to cancel and what
    /// would not stop.
    func drain(grace: Duration, cancellingAtOnce: Bool = false, logger: Logger) async {
        self.state.withLock { $0.draining = true }
        defer { self.state.withLock { $0.draining = false } }
        if !cancellingAtOnce, await self.becomesIdle(within: grace) { return }
        let remaining = self.state.withLock { Array($0.running.values) }
        if !remaining.isEmpty, !cancellingAtOnce {
            logger.info("Cancelling \(remaining.count) background task(s) still running after the grace period of \(grace)")
        }
        for task in remaining { task.cancel() }
        if await self.becomesIdle(within: grace) { return }
        logger.warning("\(self.count) background task(s) ignored their cancellation; shutting down without them")
    }

    private func finished(_ id: UInt64) {
        let idle = self.state.withLock { state in
            state.running[id] = nil
            return state.running.isEmpty
        }
        if idle { self.idleWaiters.resumeAll() }
    }

    /// Whether every task finished within `limit`.
    private func becomesIdle(within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.idleWaiters.wait { self.count == 0 }
                return !Task.isCancelled
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return self.count == 0
            }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
    }
}
