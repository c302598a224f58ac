/// How long a service instance lives, and what its initialiser is given (`Input`).
///
/// ```swift
/// app.service(Database.self, .singleton) { app in try await Database.connect(app.state[.url]!) }
/// app.service(CurrentUser.self, .perRequest) { context in CurrentUser(id: context.cookies["user"]) }
/// app.service(Weather.self, .factory) { _ in Weather() }
/// ```
public struct ServiceLifetime<Input>: Sendable {
    let kind: ServiceKind
}

/// A lifetime without its initialiser's input.
enum ServiceKind: Sendable {
    case singleton, perRequest, factory
}

extension ServiceLifetime where Input == AppContext {
    /// One instance for the application: created at lifespan startup (in registration order)
    /// or, without a lifespan, on first use; shut down at lifespan shutdown, newest first. Its
    /// initialiser gets the ``AppContext`` (no request).
    public static var singleton: Self { Self(kind: .singleton) }
}

extension ServiceLifetime where Input == Context {
    /// One instance per request: created on first use in the request, the same for every later
    /// use in it, and released (``SimpleService/shutdown()``) once the response has been sent,
    /// whether the handler succeeded or not. Its initialiser gets the request's ``Context``.
    public static var perRequest: Self { Self(kind: .perRequest) }

    /// A new instance for every lookup, owned by whoever asked for it. Its initialiser gets the
    /// request's ``Context``.
    public static var factory: Self { Self(kind: .factory) }
}

/// A service the application knows how to make: its name (the type's), lifetime and
/// initialiser, with the initialiser's input erased.
struct ServiceRegistration: Sendable {
    /// What an initialiser is given, whichever its lifetime.
    enum Input: Sendable {
        case app(AppContext)
        case request(Context)

        var value: any Sendable {
            switch self {
            case .app(let app): return app
            case .request(let context): return context
            }
        }
    }

    let key: ObjectIdentifier
    let name: String
    let kind: ServiceKind
    let make: @Sendable (Input) async throws -> any Sendable

    init<Service: Sendable, Argument>(_ type: Service.Type, _ lifetime: ServiceLifetime<Argument>, _ make: @escaping @Sendable (Argument) async throws -> Service) {
        self.key = ObjectIdentifier(type)
        self.name = String(describing: type)
        self.kind = lifetime.kind
        // The lifetime fixes `Argument` (AppContext for singletons, Context otherwise), and the
        // runtime passes the matching input, so the cast cannot fail.
        self.make = { input in try await make(input.value as! Argument) }
    }
}
