import Synchronization

/// An async mutual exclusion in arrival order: one holder at a time, the others wait without
/// blocking a thread. Used to keep a scope's sends (and its reads) in order when an
/// application calls them from several tasks (the server), and a Simple WebSocket's own sends
/// apart from what its rooms forward.
package final class AsyncGate: Sendable {
    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Runs `body` while holding the gate.
    package init() {}

    package func withGate<Result: Sendable>(_ body: () async throws -> Result) async rethrows -> Result {
        await self.enter()
        defer { self.leave() }
        return try await body()
    }

    private func enter() async {
        let entered = self.state.withLock { state in
            if state.held { return false }
            state.held = true
            return true
        }
        if entered { return }
        await withCheckedContinuation { continuation in
            let enteredNow = self.state.withLock { state in
                if !state.held {
                    state.held = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if enteredNow { continuation.resume() }
        }
    }

    private func leave() {
        let next = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.held = false
                return nil
            }
            return state.waiters.removeFirst()  // The gate passes straight to the next waiter.
        }
        next?.resume()
    }
}
