import Synchronization

/// Tasks waiting for a condition (an application to return, background tasks to finish),
/// each until the condition holds or it is cancelled.
///
/// ```swift
/// await waiters.wait { self.state.withLock { $0.outcome != nil } }
/// // elsewhere, once the condition holds:
/// waiters.resumeAll()
/// ```
package final class WaitList: Sendable {
    private struct State {
        var nextID: UInt64 = 0
        var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    package init() {}

    /// Returns once `holds()` is true (checked at once, then at each ``resumeAll()``), or the
    /// calling task is cancelled.
    package func wait(until holds: () -> Bool) async {
        let id = self.state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                self.state.withLock { $0.waiting[id] = continuation }
                // Checked after registering: a `resumeAll` that came first made it true.
                if holds() || Task.isCancelled { self.resume(id) }
            }
        } onCancel: {
            self.resume(id)
        }
    }

    /// Wakes every waiting task; call it after making the condition true.
    package func resumeAll() {
        let waiting = self.state.withLock { state in
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for continuation in waiting { continuation.resume() }
    }

    private func resume(_ id: UInt64) {
        self.state.withLock { $0.waiting.removeValue(forKey: id) }?.resume()
    }
}
