extension Context {
    /// The application whose handler runs (its lifespan state, logger, threads, background
    /// tasks and singletons).
    public var app: AppContext { AppContext(runtimes: self.requestServices.runtimes) }

    /// The service `type`: from this application or, failing that, from the Simple
    /// applications it is mounted in (the innermost first). A singleton is the application's
    /// one instance; a per-request service the same instance for the whole request; a factory
    /// a new instance each time. Throws ``ServiceError`` when no application registered it,
    /// when services need each other in a cycle, or when its initialiser threw.
    ///
    /// ```swift
    /// let weather = try await context.service(Weather.self)
    /// ```
    public func service<Service: Sendable>(_ type: Service.Type) async throws -> Service {
        try await ServiceLookup(runtimes: self.requestServices.runtimes, request: (self.requestServices, self)).service(type)
    }

    /// Runs `body`, which blocks, on the application's blocking-work threads (see
    /// ``AppContext/runBlocking(_:)``).
    public func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await self.app.runBlocking(body)
    }

    /// Starts `operation` in the background, tied to the application's lifetime, not the
    /// request's (see ``AppContext/background(_:file:line:_:)``); its errors are logged with this
    /// request's id. It must not use per-request services: they are released when the response
    /// has been sent.
    public func background(
        _ name: String? = nil,
        file: String = #fileID,
        line: Int = #line,
        _ operation: @escaping @Sendable () async throws -> Void
    ) {
        self.app.runtime.background.start(BackgroundTasks.label(name, file, line), logger: self.logger, operation)
    }
}
