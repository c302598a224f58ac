/// Finds and makes services: through the Simple applications a lookup can see (the one asking
/// first, then those it is mounted in), with or without a request.
struct ServiceLookup: Sendable {
    /// The application asking first, then the applications it is mounted in.
    let runtimes: [AppRuntime]
    /// The request's services and context; `nil` for singletons and lifespan hooks.
    let request: (services: RequestServices, context: Context)?

    /// The lookups in progress in this task (and the tasks making their instances), to report
    /// services that need each other instead of waiting for ever.
    @TaskLocal static var inProgress: [ServiceRegistration] = []

    /// The instance of `type`, from the first application that registered it.
    func service<Service: Sendable>(_ type: Service.Type) async throws -> Service {
        let key = ObjectIdentifier(type)
        for index in self.runtimes.indices {
            guard let registration = self.runtimes[index].registration(for: key) else { continue }
            guard let service = try await self.instance(of: registration, registeredAt: index) as? Service else {
                preconditionFailure("The service \(registration.name) made an instance of another type")
            }
            return service
        }
        throw ServiceError.notRegistered(service: String(describing: type))
    }

    /// The instance of `registration`, registered by `runtimes[index]`, as its lifetime says.
    func instance(of registration: ServiceRegistration, registeredAt index: Int) async throws -> any Sendable {
        let inProgress = Self.inProgress
        if inProgress.contains(where: { $0.key == registration.key }) {
            throw ServiceError.cycle(inProgress.map(\.name) + [registration.name])
        }
        return try await Self.$inProgress.withValue(inProgress + [registration]) {
            switch registration.kind {
            case .singleton:
                // A singleton sees the application that registered it and those around it.
                let app = AppContext(runtimes: Array(self.runtimes[index...]))
                return try await self.runtimes[index].singletons.instance(registration, owner: self.runtimes[index]) {
                    try await Self.make(registration, .app(app))
                }
            case .perRequest:
                guard let request = self.request else { throw ServiceError.needsRequest(service: registration.name) }
                return try await request.services.store.instance(registration, owner: self.runtimes[index]) {
                    try await Self.make(registration, .request(request.context))
                }
            case .factory:
                guard let request = self.request else { throw ServiceError.needsRequest(service: registration.name) }
                return try await Self.make(registration, .request(request.context))
            }
        }
    }

    private static func make(_ registration: ServiceRegistration, _ input: ServiceRegistration.Input) async throws -> any Sendable {
        do {
            return try await registration.make(input)
        } catch {
            throw ServiceError.initializationFailed(service: registration.name, error: error)
        }
    }
}
