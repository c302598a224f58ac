import Synchronization

/// A FIFO queue between tasks: pushes suspend while it holds `capacity` elements, pops
/// suspend while it is empty, any number of tasks may push and pop, and cancellation
/// resumes a waiting task.
///
/// Once finished, pops drain what is buffered and then return `nil`, and pushes are dropped.
/// Shared by the test client and the server (package-internal, not public API).
package final class AsyncQueue<Element: Sendable>: Sendable {
    private struct PushWaiter {
        let id: UInt64
        let element: Element
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct PopWaiter {
        let id: UInt64
        let continuation: CheckedContinuation<Element?, any Error>
    }

    private struct State {
        var buffer: [Element] = []
        var finished = false
        var pushWaiters: [PushWaiter] = []
        var popWaiters: [PopWaiter] = []
        var nextID: UInt64 = 0

        mutating func makeID() -> UInt64 {
            self.nextID += 1
            return self.nextID
        }
    }

    private let capacity: Int
    private let state = Mutex(State())

    package init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
    }

    /// Appends `element`, suspending while the queue is full. Returns `false` when the
    /// element was dropped because the queue is finished or the task was cancelled.
    @discardableResult
    package func push(_ element: Element) async -> Bool {
        let id = self.state.withLock { $0.makeID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let popper: PopWaiter? = self.state.withLock { state in
                    if state.finished || Task.isCancelled {
                        continuation.resume(returning: false)
                        return nil
                    }
                    if !state.popWaiters.isEmpty {
                        return state.popWaiters.removeFirst()
                    }
                    if state.buffer.count < self.capacity {
                        state.buffer.append(element)
                        continuation.resume(returning: true)
                        return nil
                    }
                    state.pushWaiters.append(PushWaiter(id: id, element: element, continuation: continuation))
                    return nil
                }
                if let popper {
                    popper.continuation.resume(returning: element)
                    continuation.resume(returning: true)
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> PushWaiter? in
                guard let index = state.pushWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.pushWaiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    /// Removes the first element, suspending while the queue is empty; `nil` once the queue
    /// is finished and drained. Throws `CancellationError` when the task is cancelled.
    package func pop() async throws -> Element? {
        let id = self.state.withLock { $0.makeID() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Element?, any Error>) in
                let refilled: CheckedContinuation<Bool, Never>? = self.state.withLock { state in
                    if !state.buffer.isEmpty {
                        continuation.resume(returning: state.buffer.removeFirst())
                        guard !state.pushWaiters.isEmpty else { return nil }
                        let waiter = state.pushWaiters.removeFirst()
                        state.buffer.append(waiter.element)
                        return waiter.continuation
                    }
                    if state.finished {
                        continuation.resume(returning: nil)
                    } else if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        state.popWaiters.append(PopWaiter(id: id, continuation: continuation))
                    }
                    return nil
                }
                refilled?.resume(returning: true)
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> PopWaiter? in
                guard let index = state.popWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.popWaiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Ends the queue: waiting pops return `nil` (after the buffered elements, unless
    /// `discardingBuffered`), waiting and later pushes are dropped.
    package func finish(discardingBuffered: Bool = false) {
        let (pushers, poppers) = self.state.withLock { state -> ([PushWaiter], [PopWaiter]) in
            state.finished = true
            if discardingBuffered { state.buffer.removeAll() }
            defer {
                state.pushWaiters.removeAll()
                state.popWaiters.removeAll()
            }
            return (state.pushWaiters, state.popWaiters)
        }
        for pusher in pushers { pusher.continuation.resume(returning: false) }
        for popper in poppers { popper.continuation.resume(returning: nil) }
    }
}
