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
        /// Whether this event completed the application's answer (the last body, a close, ...).
        let completes: Bool
    }

    private struct State {
        var validator: EventValidator
        var terminal: InboundEvent
        var clientGone = false
        var violation: PAGIError?
        var outcome: Outcome?
    }

    let scope: Scope
    let timeout: Duration
    private let inbound: AsyncQueue<InboundEvent>
    private let outbound = AsyncQueue<Sent>(capacity: 1)
    private let state: Mutex<State>
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let pump = Mutex<Task<Void, Never>?>(nil)
    private let outcomeWaiters = WaitList()

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
            // Nobody reads the input any more: release whoever is delivering it.
            self.inbound.finish(discardingBuffered: true)
            self.pump.withLock { $0 }?.cancel()
            self.state.withLock { $0.outcome = outcome }
            self.outcomeWaiters.resumeAll()
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
        let sent: Sent? = try self.state.withLock { state in
            var validator = state.validator
            do throws(PAGIError) {
                try validator.validate(event)
            } catch {
                if state.violation == nil { state.violation = error }
                throw error
            }
            // A file that cannot be read fails this `send` and changes nothing, so the
            // application may still answer otherwise. It is not a protocol violation.
            var fileContents: ByteBuffer?
            if case .httpResponseFile(let file) = event, !state.clientGone {
                fileContents = try FileBodyReader.read(file)
            }
            let completes = !state.validator.isComplete && validator.isComplete
            state.validator = validator
            return state.clientGone ? nil : Sent(event: event, fileContents: fileContents, completes: completes)
        }
        guard let sent else { return }  // The client left: a no-op.
        if await self.outbound.push(sent) {
            self.serverTook(sent)
        } else if !self.state.withLock({ $0.clientGone }) {
            throw CancellationError()  // The application's task was cancelled mid-send.
        }
    }

    /// What a server does as it takes an event, before `send` returns: track the response in
    /// `pagi.connection`, and once the answer is complete, end the input so that `receive`
    /// returns the disconnect event (an unread request body is dropped).
    private func serverTook(_ sent: Sent) {
        if case .http(let request) = self.scope, case .httpResponseStart = sent.event {
            request.connection?.markResponseStarted()
        }
        guard sent.completes else { return }
        switch (self.scope, sent.event) {
        case (.http(let request), _):
            request.connection?.markResponseComplete()
            self.endInput(terminal: .httpDisconnect(reason: nil), discardingQueued: true)
        case (.sse, _):
            self.endInput(terminal: .sseDisconnect(reason: nil), discardingQueued: true)
        case (.websocket, .websocketClose(let code, let reason)):
            // The client answers the close handshake with the same code; messages it sent
            // before still arrive first.
            self.endInput(terminal: .websocketDisconnect(code: code, reason: reason))
        case (.websocket, _):
            self.endInput(terminal: .websocketDisconnect(code: .abnormalClosure, reason: DisconnectReason.clientClosed.rawValue))
        case (.lifespan, _):
            break
        }
    }

    // MARK: - The client's side

    /// Hands `event` to the application's `receive`, waiting while its input queue is full,
    /// at most for the timeout. Returns `false` when input has ended (the application
    /// returned, or the client left or closed).
    @discardableResult
    func deliver(_ event: InboundEvent, waitingFor what: @autoclosure () -> String) async throws -> Bool {
        try await self.cancellingOnTimeout(what()) { await self.inbound.push(event) }
    }

    /// Delivers a request body as the application asks for it, in a task that ends with the
    /// application (or when the client leaves).
    func startBodyPump(_ body: RequestBody, as makeEvent: @escaping @Sendable (ByteBuffer, Bool) -> InboundEvent) {
        let task = Task { await body.pump(makeEvent, into: { await self.inbound.push($0) }) }
        self.pump.withLock { $0 = task }
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

    /// Ends the client's input: `receive` returns `terminal` (after what is queued, unless
    /// `discardingQueued`).
    func endInput(terminal: InboundEvent, discardingQueued: Bool = false) {
        self.state.withLock { $0.terminal = terminal }
        self.inbound.finish(discardingBuffered: discardingQueued)
        if discardingQueued { self.pump.withLock { $0 }?.cancel() }
    }

    /// The client leaves: `receive` returns `terminal` (after the input already queued, when
    /// `keepingQueuedInput`: a WebSocket close frame follows the messages sent before it),
    /// and `send` becomes a no-op.
    func clientLeft(terminal: InboundEvent, keepingQueuedInput: Bool = false) {
        self.state.withLock { state in
            state.terminal = terminal
            state.clientGone = true
        }
        self.pump.withLock { $0 }?.cancel()
        self.inbound.finish(discardingBuffered: !keepingQueuedInput)
        self.outbound.finish(discardingBuffered: true)
    }

    /// Waits for the application to return (or throw).
    func outcome(waitingFor what: @autoclosure () -> String) async throws -> Outcome {
        try await self.cancellingOnTimeout(what()) { try await self.waitForOutcome() }
    }

    private func waitForOutcome() async throws -> Outcome {
        await self.outcomeWaiters.wait { self.state.withLock { $0.outcome != nil } }
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
