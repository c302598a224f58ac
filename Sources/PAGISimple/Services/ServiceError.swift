/// Why a service could not be had.
public enum ServiceError: Error, CustomStringConvertible {
    /// No application the request passes through registered the type.
    case notRegistered(service: String)
    /// A per-request or factory service was asked for where there is no request: by a
    /// singleton's initialiser or a startup or shutdown hook.
    case needsRequest(service: String)
    /// Services that need each other: the chain of lookups, the first repeated last.
    case cycle([String])
    /// The service's initialiser threw `error`.
    case initializationFailed(service: String, error: any Error)

    public var description: String {
        switch self {
        case .notRegistered(let service):
            return "No service \(service) is registered (register it with app.service(\(service).self, ...))"
        case .needsRequest(let service):
            return "The service \(service) lives per request: a singleton or a lifespan hook cannot use it"
        case .cycle(let names):
            return "Services need each other in a cycle: \(names.joined(separator: " -> "))"
        case .initializationFailed(let service, let error):
            return "The service \(service) failed to start: \(error)"
        }
    }
}
