public import Logging
public import PAGI
import Synchronization

/// Checks that the application it wraps keeps the PAGI contract, where it stands in the
/// stack: every event it sends is checked against its scope (``EventValidator``: the right
/// events for the scope, in the right order, with the extensions they need), and on return
/// it must have finished its answer (the last body of a response, a WebSocket close, a closed
/// event stream).
///
/// The server checks events too, but only at the outermost layer; `Lint` placed between two
/// layers says which one broke the contract (`label`). Simple applications in development
/// mode get one around them automatically.
///
/// - `label`: names the checked layer in messages (`"app"`).
/// - `strict`: a violation throws a ``PAGIError`` at the point it happens; otherwise (`false`)
///   it is logged as a warning and the event still goes out, to see every problem
///   of a run at once (the default, as in Perl).
/// - `logger`: where warnings go (`pagi.lint`).
public struct Lint: Middleware {
    let label: String
    let strict: Bool
    let logger: Logger

    public init(label: String = "app", strict: Bool = false, logger: Logger = Logger(label: "pagi.lint")) {
        self.label = label
        self.strict = strict
        self.logger = logger
    }

    public func wrap(_ app: @escaping Application) -> Application {
        let label = self.label
        let strict = self.strict
        let logger = self.logger
        return { scope, receive, send in
            let validator = Mutex(EventValidator(scope: scope))
            let report = { @Sendable (problem: String) throws in
                let message = "Lint (\(label)): \(problem)"
                if strict { throw PAGIError(.invalidEvent, message) }
                logger.warning("\(message)")
            }
            let checkedReceive: Receive = {
                let event = try await receive()
                validator.withLock { $0.received(event) }
                return event
            }
            let checkedSend: Send = { event in
                do {
                    try validator.withLock { validator throws(PAGIError) in try validator.validate(event) }
                } catch {
                    try report("\(error)")
                }
                try await send(event)
            }
            try await app(scope, checkedReceive, checkedSend)
            let (started, complete) = validator.withLock { ($0.hasStarted, $0.isComplete) }
            if scope.type != .lifespan && !complete {
                try report(started ? "returned before finishing its \(scope.type.rawValue) answer" : "returned without answering the \(scope.type.rawValue) scope")
            }
        }
    }
}
