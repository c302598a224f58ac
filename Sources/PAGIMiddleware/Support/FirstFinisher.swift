import Synchronization

/// A race between tasks that resumes one continuation with the value of the first to
/// finish and cancels the others, without waiting for them: a task that ignores its
/// cancellation cannot hold the caller up (a structured task group would wait for it).
///
/// ```swift
/// let race = FirstFinisher<String?>()
/// return await withCheckedContinuation { continuation in
///     race.start(continuation)
///     race.add(Task { race.finish(with: await work()) })
///     race.add(Task { try? await Task.sleep(for: limit); race.finish(with: "timed out") })
/// }
/// ```
final class FirstFinisher<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Never>?
        var finished = false
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Sets the continuation to resume; call it first.
    func start(_ continuation: CheckedContinuation<Value, Never>) {
        self.state.withLock { $0.continuation = continuation }
    }

    /// Adds a racer, to be cancelled when another finishes (at once when the race is over).
    func add(_ task: Task<Void, Never>) {
        let over = self.state.withLock { state in
            if !state.finished { state.tasks.append(task) }
            return state.finished
        }
        if over { task.cancel() }
    }

    /// Ends the race with `value` when it is the first to finish; later calls do nothing.
    func finish(with value: Value) {
        let (continuation, tasks) = self.state.withLock { state -> (CheckedContinuation<Value, Never>?, [Task<Void, Never>]) in
            guard !state.finished else { return (nil, []) }
            state.finished = true
            defer { (state.continuation, state.tasks) = (nil, []) }
            return (state.continuation, state.tasks)
        }
        continuation?.resume(returning: value)
        for task in tasks { task.cancel() }
    }
}
