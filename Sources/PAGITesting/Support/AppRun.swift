import NIOCore
import PAGI
import Synchronization

/// One call of an application under test: its scope, the two event queues between it and
/// the test client, the event validator, and how the call ended.
///
/// The application runs in its own task. `receive` pops the inbound queue (and, once the
/// client has no more input, returns the scope's terminal disconnect event); `send`
/// validates the event, records a violation, and pushes it to the outbound queue, where the
/// client reads it. After the client left, `send` is a no-op, as the spec requires.
final class AppRun: Sendable {
    enum Outcome: Sendable {
        case returned
        case threw(any Error)
    }

    /// An event the application sent, with the contents of a file body already read (inside
    /// `send`, so that an unreadable file fails the `send`).
    struct Sent: Sendable {
        let event: OutboundEvent
        let fileContents: ByteBuffer?
    }

    private struct State {
        var validator: EventValidator
        var terminal: InboundEvent
        var clientGone = false
        var violation: PAGIError?
        var outcome: Outcome?
        var outcomeWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiterID: UInt64 = 0
    }

    let scope: Scope
    let timeout: Duration
    private let inbound: AsyncQueue<InboundEvent>
    private let outbound = AsyncQueue<Sent>(capacity: 1)
    private let state: Mutex<State>
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// A run of `app` on `scope`; `terminal` is what `receive` returns once input has ended.
    init(scope: Scope, terminal: InboundEvent, timeout: Duration, inboundCapacity: Int = 1) {
        self.scope = scope
        self.timeout = timeout
        self.inbound = AsyncQueue(capacity: inboundCapacity)
        self.state = Mutex(State(validator: EventValidator(scope: scope), terminal: terminal))
    }

    /// Starts the application in its own task.
    func start(_ app: @escaping Application) {
        let task = Task {
            let outcome: Outcome
            do {
                try await app(self.scope, { try await self.receive() }, { try await self.send($0) })
                outcome = .returned
            } catch {
                outcome = .threw(error)
            }
            self.outbound.finish()
            let waiters = self.state.withLock { state in
                state.outcome = outcome
                defer { state.outcomeWaiters = [:] }
                return state.outcomeWaiters.values
            }
            for waiter in waiters { waiter.resume() }
        }
        self.task.withLock { $0 = task }
    }

    // MARK: - The application's side

    private func receive() async throws -> InboundEvent {
        if let event = try await self.inbound.pop() {
            self.state.withLock { $0.validator.received(event) }
            return event
        }
        try Task.checkCancellation()
        return self.state.withLock { $0.terminal }
    }

    private func send(_ event: OutboundEvent) async throws {
        let clientGone = try self.state.withLock { state throws(PAGIError) in
            do throws(PAGIError) {
                try state.validator.validate(event)
            } catch {
                if state.violation == nil { state.violation = error }
                throw error
            }
            return state.clientGone
        }
        if clientGone { return }
        var fileContents: ByteBuffer?
        if case .httpResponseFile(let file) = event {
            fileContents = try FileBodyReader.read(file)
        }
        await self.outbound.push(Sent(event: event, fileContents: fileContents))
    }

    // MARK: - The client's side

    /// Hands `event` to the application's `receive`; `false` when input has ended.
    @discardableResult
    func deliver(_ event: InboundEvent) async -> Bool {
        await self.inbound.push(event)
    }

    /// The next event the application sent; `nil` once it has returned and every event was read.
    func nextEvent(waitingFor what: @autoclosure () -> String) async throws -> Sent? {
        try await self.cancellingOnTimeout(what()) { try await self.outbound.pop() }
    }

    /// Runs `operation` within the timeout; when it times out, the application is cancelled
    /// so that it does not outlive the test.
    private func cancellingOnTimeout<Result: Sendable>(
        _ what: String,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        do {
            return try await withTimeout(self.timeout, waitingFor: what, operation)
        } catch let error as TestClientError {
            self.cancel()
            throw error
        }
    }

    /// Ends the client's input: after what is queued, `receive` returns `terminal`.
    func endInput(terminal: InboundEvent) {
        self.state.withLock { $0.terminal = terminal }
        self.inbound.finish()
    }

    /// The client leaves: queued input is dropped, `receive` returns `terminal`, and `send`
    /// becomes a no-op.
    func clientLeft(terminal: InboundEvent) {
        self.state.withLock { state in
            state.terminal = terminal
            state.clientGone = true
        }
        self.inbound.finish(discardingBuffered: true)
        self.outbound.finish(discardingBuffered: true)
    }

    /// Waits for the application to return (or throw).
    func outcome(waitingFor what: @autoclosure () -> String) async throws -> Outcome {
        try await self.cancellingOnTimeout(what()) { try await self.waitForOutcome() }
    }

    private func waitForOutcome() async throws -> Outcome {
        let id = self.state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = self.state.withLock { state in
                    if state.outcome != nil || Task.isCancelled { return true }
                    state.outcomeWaiters[id] = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            self.state.withLock { $0.outcomeWaiters.removeValue(forKey: id) }?.resume()
        }
        try Task.checkCancellation()
        return self.state.withLock { $0.outcome! }
    }

    /// The error the application threw, once it has ended.
    var thrownError: (any Error)? {
        if case .threw(let error)? = self.state.withLock({ $0.outcome }) { return error }
        return nil
    }

    /// The first event the validator rejected, if any (even when the application caught it).
    var violation: PAGIError? { self.state.withLock { $0.violation } }

    /// Cancels the application's task.
    func cancel() {
        self.task.withLock { $0 }?.cancel()
    }
}
