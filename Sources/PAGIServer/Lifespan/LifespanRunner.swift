import Logging
import PAGI
import Synchronization

/// Runs the application's lifespan scope for the server: startup before the first
/// connection, shutdown after the last.
///
/// An application that throws (whatever the error: an unsupported scope, an invalid event)
/// or returns without answering `lifespan.startup` declines lifespan, as the spec says: in
/// `auto` mode the server carries on without it and logs why, in `on` mode it stops. One that
/// answers `lifespan.startup.failed` stops the server. One that does not answer in time stops it.
final class LifespanRunner: Sendable {
    private let inbound = AsyncQueue<InboundEvent>(capacity: 2)
    private let outbound = AsyncQueue<OutboundEvent>(capacity: 2)
    private let task: Task<Result<Void, any Error>, Never>
    private let logger: Logger
    private let timeout: Duration

    private init(app: @escaping Application, scope: LifespanScope, timeout: Duration, logger: Logger) {
        self.logger = logger
        self.timeout = timeout
        let inbound = self.inbound
        let outbound = self.outbound
        self.task = Task {
            let validator = SendableValidator(EventValidator(scope: .lifespan(scope)))
            let result: Result<Void, any Error>
            do {
                try await app(
                    .lifespan(scope),
                    {
                        guard let event = try await inbound.pop() else { throw CancellationError() }
                        validator.received(event)
                        return event
                    },
                    { event in
                        try validator.validate(event)
                        await outbound.push(event)
                    }
                )
                result = .success(())
            } catch {
                result = .failure(error)
            }
            outbound.finish()
            return result
        }
    }

    /// Runs startup. Returns the runner to shut down later, or `nil` when lifespan is off or
    /// the application declined it (in `auto` mode). Throws `LifespanStartupError` when the server
    /// must not start.
    static func startup(app: @escaping Application, state: SharedValues, configuration: ServerConfiguration) async throws -> LifespanRunner? {
        guard configuration.lifespan != .off else { return nil }
        let logger = configuration.logger
        let runner = LifespanRunner(app: app, scope: LifespanScope(state: state), timeout: configuration.lifespanTimeout, logger: logger)
        await runner.inbound.push(.lifespanStartup)
        switch try await runner.answer(to: "lifespan.startup") {
        case .lifespanStartupComplete?:
            logger.debug("Lifespan startup complete")
            return runner
        case .lifespanStartupFailed(let message)?:
            runner.inbound.finish()
            throw LifespanStartupError(description: "Lifespan startup failed: \(message.isEmpty ? "(no message)" : message)")
        default:
            let result = await runner.task.value
            let how: String
            if case .failure(let error) = result {
                how = "raised \(error)"
            } else {
                how = "returned without answering"
            }
            if configuration.lifespan == .on {
                throw LifespanStartupError(description: "The application declined lifespan (it \(how)), and --lifespan on requires it")
            }
            logger.info("The application does not use lifespan (it \(how)); running without it")
            return nil
        }
    }

    /// Runs shutdown: sends `lifespan.shutdown`, waits for the answer, logs a failure.
    func shutdown() async {
        await self.inbound.push(.lifespanShutdown)
        do {
            switch try await self.answer(to: "lifespan.shutdown") {
            case .lifespanShutdownComplete?: self.logger.debug("Lifespan shutdown complete")
            case .lifespanShutdownFailed(let message)?: self.logger.error("Lifespan shutdown failed: \(message)")
            default: self.logger.warning("The application returned without answering lifespan.shutdown")
            }
        } catch {
            self.logger.error("\(error)")
        }
        self.inbound.finish()
        self.task.cancel()
        if case .failure(let error) = await self.task.value, !(error is CancellationError) {
            self.logger.error("Lifespan ended with an error: \(error)")
        }
    }

    /// The application's answer, or `nil` when it returned first; times out.
    private func answer(to question: String) async throws -> OutboundEvent? {
        let outbound = self.outbound
        let limit = self.timeout
        return try await withThrowingTaskGroup(of: OutboundEvent?.self) { group in
            group.addTask { try await outbound.pop() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw LifespanStartupError(description: "The application did not answer \(question) within \(limit)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

/// The lifespan validator, shared by the application's `receive` and `send`.
private final class SendableValidator: Sendable {
    private let validator: Mutex<EventValidator>

    init(_ validator: EventValidator) { self.validator = Mutex(validator) }

    func received(_ event: InboundEvent) { self.validator.withLock { $0.received(event) } }

    func validate(_ event: OutboundEvent) throws(PAGIError) {
        try self.validator.withLock { validator throws(PAGIError) in try validator.validate(event) }
    }
}
