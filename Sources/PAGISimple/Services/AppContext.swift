public import Logging
public import PAGI

/// What lifespan hooks and singleton initialisers get: the application (no request), with
/// its services, lifespan state, logger, blocking-work threads and background tasks.
///
/// ```swift
/// app.onStartup { app in
///     app.state[.greeting] = "Hello"                      // every request's `state`
///     let cache = try await app.service(Cache.self)        // a singleton
///     app.background("cache refresh") {
///         while !app.isShuttingDown {
///             try await cache.refresh()
///             try await Task.sleep(for: .seconds(60))
///         }
///     }
/// }
/// ```
public struct AppContext: Sendable {
    /// The application first, then the Simple applications it is mounted in.
    let runtimes: [AppRuntime]

    init(runtimes: [AppRuntime]) {
        self.runtimes = runtimes
    }

    var runtime: AppRuntime { self.runtimes[0] }

    /// The application's name.
    public var name: String { self.runtime.name }

    /// The application's logger.
    public var logger: Logger { self.runtime.logger }

    /// The lifespan `state`: what startup hooks store here, every request receives (a shallow
    /// copy, as `context.request.state`). Without a lifespan, a store of the application's own.
    public var state: SharedValues { self.runtime.state }

    /// Whether lifespan shutdown has begun: a long-running background loop checks it to end
    /// before its grace period runs out.
    public var isShuttingDown: Bool { self.runtime.isShuttingDown }

    /// The singleton service `type`, from this application or, failing that, one it is mounted
    /// in. Per-request and factory services need a request: ``ServiceError/needsRequest(service:)``.
    public func service<Service: Sendable>(_ type: Service.Type) async throws -> Service {
        try await ServiceLookup(runtimes: self.runtimes, request: nil).service(type)
    }

    /// Runs `body`, which blocks (a synchronous library, a long computation), on the
    /// application's blocking-work threads instead of Swift's cooperative pool, and returns its
    /// result (see ``SimpleApp/blockingThreadCount``). More closures than threads wait their
    /// turn. Cancelled before it started, `body` never runs (`CancellationError`); once
    /// started it runs to its end, and the caller waits for it.
    public func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await self.runtime.runBlocking(body)
    }

    /// Starts `operation` in the background, tied to the application's lifetime: at lifespan
    /// shutdown it gets ``SimpleApp/backgroundGracePeriod`` to finish, then is cancelled. An
    /// error it throws is logged, naming it by `name` (or where it was started).
    public func background(
        _ name: String? = nil,
        file: String = #fileID,
        line: Int = #line,
        _ operation: @escaping @Sendable () async throws -> Void
    ) {
        self.runtime.background.start(BackgroundTasks.label(name, file, line), logger: self.logger, operation)
    }
}
