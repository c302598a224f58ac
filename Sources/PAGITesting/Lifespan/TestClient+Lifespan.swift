public import PAGI

/// Where the application's lifespan stands in a ``TestClient``.
public enum LifespanStatus: Sendable, Equatable {
    /// `startup()` has not run.
    case notStarted
    /// The application answered `lifespan.startup.complete`.
    case running
    /// The application declined lifespan (it threw, or returned without answering); the
    /// server carries on without it. `reason` describes what it did.
    case declined(reason: String)
    /// `shutdown()` finished.
    case stopped
}

/// The state of the lifespan run inside a ``TestClient``.
struct LifespanRun: Sendable {
    var run: AppRun?
    var status = LifespanStatus.notStarted
}

extension TestClient {
    /// Where the lifespan stands.
    public var lifespanStatus: LifespanStatus { self.lifespan.withLock { $0.status } }

    /// Runs the lifespan startup, as a server does before its first connection.
    ///
    /// Returns when the application answered `lifespan.startup.complete`, or declined
    /// lifespan (see ``LifespanStatus/declined(reason:)``). Throws
    /// ``TestClientError/lifespanStartupFailed(message:)`` when it answered
    /// `lifespan.startup.failed`, and the validator's error when it sent an invalid event.
    public func startup() async throws {
        guard case .notStarted = self.lifespanStatus else { throw TestClientError.misuse("startup() was already called") }
        let scope = Scope.lifespan(LifespanScope(state: self.state, pagi: self.configuration.lifespanInfo))
        // After the lifespan, `receive` waits for nothing more; a disconnect-like terminal is not defined,
        // so a late `receive` repeats `lifespan.shutdown`.
        let run = AppRun(scope: scope, terminal: .lifespanShutdown, timeout: self.configuration.timeout)
        self.lifespan.withLock { $0.run = run }
        run.start(self.app)
        try await run.deliver(.lifespanStartup, waitingFor: "the application to receive lifespan.startup")
        let answer = try await run.nextEvent(waitingFor: "the application to answer lifespan.startup")
        switch answer?.event {
        case .lifespanStartupComplete?:
            self.lifespan.withLock { $0.status = .running }
        case .lifespanStartupFailed(let message)?:
            self.lifespan.withLock { $0.status = .stopped }
            _ = try? await run.outcome(waitingFor: "the application to return after lifespan.startup.failed")
            throw TestClientError.lifespanStartupFailed(message: message)
        default:
            let outcome = try await run.outcome(waitingFor: "the application to return")
            if let violation = run.violation, self.configuration.raiseAppErrors { throw violation }
            let reason: String
            if case .threw(let error) = outcome {
                reason = "the application threw: \(error)"
            } else {
                reason = "the application returned without answering lifespan.startup"
            }
            self.lifespan.withLock { $0.status = .declined(reason: reason) }
        }
    }

    /// Runs the lifespan shutdown, as a server does after its last connection; does nothing
    /// when the lifespan is not running. Throws ``TestClientError/lifespanShutdownFailed(message:)``
    /// when the application answered `lifespan.shutdown.failed`.
    public func shutdown() async throws {
        let run: AppRun? = self.lifespan.withLock { lifespan in
            guard case .running = lifespan.status else { return nil }
            lifespan.status = .stopped
            return lifespan.run
        }
        guard let run else { return }
        try await run.deliver(.lifespanShutdown, waitingFor: "the application to receive lifespan.shutdown")
        let answer = try await run.nextEvent(waitingFor: "the application to answer lifespan.shutdown")
        run.endInput(terminal: .lifespanShutdown)
        switch answer?.event {
        case .lifespanShutdownComplete?:
            _ = try await run.outcome(waitingFor: "the application to return after lifespan.shutdown.complete")
        case .lifespanShutdownFailed(let message)?:
            _ = try? await run.outcome(waitingFor: "the application to return")
            throw TestClientError.lifespanShutdownFailed(message: message)
        default:
            let outcome = try await run.outcome(waitingFor: "the application to return")
            if self.configuration.raiseAppErrors {
                if let violation = run.violation { throw violation }
                if case .threw(let error) = outcome { throw error }
                throw PAGIError(.noResponse, "The application returned without answering lifespan.shutdown")
            }
        }
    }

    /// Runs `body` between the lifespan startup and shutdown; the shutdown runs even when
    /// `body` throws.
    public func withLifespan<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await self.startup()
        let result: Result
        do {
            result = try await body()
        } catch {
            try? await self.shutdown()
            throw error
        }
        try await self.shutdown()
        return result
    }
}
