extension SimpleApp {
    /// Registers the service `type`: `make` builds an instance, as often as `lifetime` says
    /// (``ServiceLifetime/singleton``, ``ServiceLifetime/perRequest``,
    /// ``ServiceLifetime/factory``); handlers get it with `try await context.service(type)`.
    ///
    /// ```swift
    /// app.service(Stats.self, .singleton) { _ in Stats() }
    /// app.service(UserProfile.self, .perRequest) { context in UserProfile(viewer: context.cookies["user"]) }
    /// ```
    ///
    /// Registering a type again replaces the earlier registration (a test can swap a real
    /// service for a fake). An instance that conforms to ``SimpleService`` is shut down at the
    /// end of its lifetime.
    public func service<Service: Sendable, Input>(
        _ type: Service.Type,
        _ lifetime: ServiceLifetime<Input>,
        _ make: @escaping @Sendable (Input) async throws -> Service
    ) {
        self.runtime.register(ServiceRegistration(type, lifetime, make))
    }

    /// Registers the service `type`, made by `make`, which needs neither the application nor
    /// the request (otherwise as the `service(_:_:_:)` whose initialiser takes them).
    ///
    /// ```swift
    /// app.service(Weather.self, .factory) { Weather() }
    /// ```
    public func service<Service: Sendable, Input>(
        _ type: Service.Type,
        _ lifetime: ServiceLifetime<Input>,
        _ make: @escaping @Sendable () async throws -> Service
    ) {
        self.service(type, lifetime) { (_: Input) in try await make() }
    }

    /// Runs `hook` at lifespan startup, after the singletons are made, in registration order;
    /// a hook that throws makes the application answer `lifespan.startup.failed` naming it
    /// (by where it was registered) and the error, and the server does not start. Hooks run
    /// only with a lifespan.
    public func onStartup(file: String = #fileID, line: Int = #line, _ hook: @escaping @Sendable (AppContext) async throws -> Void) {
        self.runtime.registry.withLock { $0.startupHooks.append(AppRuntime.Hook(label: "at \(file):\(line)", run: hook)) }
    }

    /// Runs `hook` at lifespan shutdown, the last registered first, before the background
    /// tasks are drained and the singletons shut down (so it can still use them). A hook that
    /// throws is logged and reported in `lifespan.shutdown.failed`; the other steps still run.
    public func onShutdown(file: String = #fileID, line: Int = #line, _ hook: @escaping @Sendable (AppContext) async throws -> Void) {
        self.runtime.registry.withLock { $0.shutdownHooks.append(AppRuntime.Hook(label: "at \(file):\(line)", run: hook)) }
    }

    /// Copies the settings the runtime reads (name, logger, threads, grace period) into it.
    func updateRuntimeSettings() {
        self.runtime.settings.withLock {
            $0 = AppRuntime.Settings(
                name: self.name, logger: self.logger, blockingThreadCount: self.blockingThreadCount, backgroundGracePeriod: self.backgroundGracePeriod
            )
        }
    }
}
