#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import HTTPTypes
public import Logging
public import PAGI
import NIOCore
import PAGIMiddleware
public import PAGIPubSub

/// A route handler: the request in, a response out (or a thrown ``HTTPError``).
public typealias Handler = @Sendable (Context) async throws -> Response

/// Renders an error for a status: the context of the request and the error.
public typealias ErrorHandler = @Sendable (Context, HTTPError) async throws -> Response

/// Simple's middleware: runs around a route's handler, which it reaches through `next` (with
/// the context it chooses: a middleware may fill `stash`), or answers on its own.
public typealias RouteMiddleware = @Sendable (_ context: Context, _ next: Handler) async throws -> Response

/// `handler` with `middleware` around it, the first outermost: route-level middleware.
///
/// ```swift
/// app.get("/admin", chain([requireLogin, auditLog]) { context in .text("secret") })
/// ```
public func chain(_ middleware: [RouteMiddleware], _ handler: @escaping Handler) -> Handler {
    wrap(handler, in: middleware)
}

func wrap(_ handler: @escaping Handler, in middleware: [RouteMiddleware]) -> Handler {
    // A loop, not `reduce`: a generic function would re-abstract the handler, and every
    // request would go through conversion thunks.
    var wrapped = handler
    for layer in middleware.reversed() {
        let next = wrapped
        wrapped = { context in try await layer(context, next) }
    }
    return wrapped
}

/// Simple, the micro-framework: routes with path parameters and constraints, groups, named
/// routes, error handlers. Register routes, then take ``application`` (or ``build()``) once:
/// the routes are compiled into a trie and never change afterwards.
///
/// ```swift
/// let app = SimpleApp()
/// app.get("/") { _ in .text("Hello, World!") }
/// app.get("/greet/:name") { context in .text("Hello, \(context.parameter("name")!)!") }
/// let pagiApp = app.application
/// ```
///
/// Matching: a literal segment wins over a parameter, a parameter over a `*rest` catch-all;
/// one trailing `/` is ignored. A path with routes but none for the method answers 405 with
/// `Allow`; `HEAD` runs the `GET` route without its body; `OPTIONS` answers 204 with `Allow`
/// unless a route handles it.
public final class SimpleApp: RouteRegistrar {
    struct RouteSpec {
        var method: HTTPRequest.Method
        var pattern: String
        var constraints: [String: ParameterConstraint]
        var name: String?
        var handler: Handler
    }

    /// How much an error tells the client.
    public enum Mode: Sendable {
        /// An unexpected error's 500 shows the error (for your own machine), and the
        /// application runs inside ``PAGIMiddleware/Lint``, which logs contract mistakes.
        case development
        /// An unexpected error's 500 says only "Internal Server Error"; the text goes to the log.
        case production

        /// `development` when the environment variable `PAGI_ENV` is `development`, else `production`.
        public static var fromEnvironment: Mode {
            getenv("PAGI_ENV").map { String(cString: $0) } == "development" ? .development : .production
        }
    }

    /// The application's name (for logs and pages).
    public let name: String
    /// Development or production (default: from `PAGI_ENV`).
    public var mode: Mode
    /// Where handler errors are logged.
    public var logger: Logger
    var specs: [RouteSpec] = []
    var errorHandlers: [Int: ErrorHandler] = [:]
    var mounts: [SimpleMount] = []
    var staticSpecs: [(prefix: String, directory: String, index: [String], showHidden: Bool)] = []
    /// Simple middleware for the routes registered from now on.
    public var middleware: [RouteMiddleware] = []
    /// PAGI middleware around the whole application (mounts included), the first outermost.
    var pagiMiddleware: [any Middleware] = []
    /// Application-wide objects for handlers (`context.services`), put in every request's
    /// scope as `pagi.services` so that mounted applications share them. A layer above that
    /// already set `pagi.services` wins.
    public let services = SharedValues()
    /// The WebSocket and event-stream routes.
    var realtimeRoutes = RealtimeRoutes()
    /// Publish/subscribe between connections: the channels WebSocket rooms and event streams
    /// subscribe to (in memory, this process only, by default; give it a shared backend to
    /// reach other processes). Put in every request's scope as `pagi.pubsub`, so that mounted
    /// applications share it; a layer above that already set one wins.
    public var pubsub = PubSub()
    /// How many threads run ``AppContext/runBlocking(_:)`` closures (default: one per core);
    /// read when the pool starts, at its first use.
    public var blockingThreadCount = System.coreCount {
        didSet { precondition(self.blockingThreadCount > 0, "\(self.name): blockingThreadCount must be at least 1, not \(self.blockingThreadCount)") }
    }
    /// How long lifespan shutdown waits for background tasks to finish before it cancels
    /// them (and, after that, for the cancelled ones to end); default 5 seconds.
    public var backgroundGracePeriod: Duration = .seconds(5) {
        didSet { precondition(self.backgroundGracePeriod >= .zero, "\(self.name): backgroundGracePeriod cannot be negative") }
    }
    /// Services, lifespan hooks, threads and background tasks (see `SimpleApp+Services.swift`).
    let runtime: AppRuntime

    public init(name: String = "Simple", mode: Mode = .fromEnvironment, logger: Logger? = nil) {
        self.name = name
        self.mode = mode
        self.logger = logger ?? Logger(label: "pagi.simple")
        self.runtime = AppRuntime()
        self.updateRuntimeSettings()
    }

    public func route(
        _ method: HTTPRequest.Method,
        _ pattern: String,
        where constraints: [String: ParameterConstraint] = [:],
        name: String? = nil,
        _ handler: @escaping Handler
    ) {
        self.specs.append(RouteSpec(method: method, pattern: pattern, constraints: constraints, name: name, handler: wrap(handler, in: self.middleware)))
    }

    /// Any PAGI middleware, around the whole application (its mounts included).
    public func use(_ middleware: any Middleware) {
        self.pagiMiddleware.append(middleware)
    }

    /// Routes under `prefix`, registered by `body` (groups nest).
    public func group(_ prefix: String, _ body: (RouteGroup) -> Void) {
        body(RouteGroup(registrar: self, prefix: prefix))
    }

    /// Serves `app` (any PAGI application) under `prefix`, before the routes: its scopes (http,
    /// websocket, sse) have the prefix moved from `path` to `root_path`. `middleware` wraps the
    /// mounted application only. With `passThrough`, an HTTP 404 from the mounted application
    /// lets this application's routes answer instead (the mounted application must not have
    /// read the request body, which is then gone).
    public func mount(_ prefix: String, _ app: @escaping Application, middleware: [any Middleware] = [], passThrough: Bool = false) {
        self.mounts.append(SimpleMount(mount: Mount(prefix, compose(middleware, around: app)), passThrough: passThrough))
    }

    /// Serves another Simple application under `prefix` (see ``mount(_:_:middleware:passThrough:)``).
    /// Its lifespan runs inside this one's (its services start after this application's and
    /// stop before them), and its handlers also find this application's services.
    public func mount(_ prefix: String, _ app: SimpleApp, middleware: [any Middleware] = [], passThrough: Bool = false) {
        self.mount(prefix, app.application, middleware: middleware, passThrough: passThrough)
        self.runtime.registry.withLock { $0.mounts.append(app.runtime) }
    }

    /// Serves the files under `directory` at `prefix` (`/static/css/site.css` is
    /// `directory/css/site.css`), tried when no route matches: `GET` and `HEAD` only, with
    /// `ETag`, `Last-Modified`, conditional requests and ranges (see ``FileResponse``); a
    /// directory serves its first `index` file (a request without the trailing `/` is
    /// redirected to it); names starting with `.` stay hidden unless `showHidden`. A path that
    /// tries to leave the directory (`..`, also percent-encoded, or an encoded `/`) answers 403,
    /// and a symbolic link that leads out of it counts as missing. `build()` fails when the
    /// directory does not exist.
    public func staticFiles(_ prefix: String, directory: String, index: [String] = ["index.html"], showHidden: Bool = false) {
        self.staticSpecs.append((prefix, directory, index, showHidden))
    }

    /// Answers every error of `status` (a thrown ``HTTPError``, or the router's own 404, 405)
    /// with `handler`'s response.
    public func error(_ status: HTTPResponse.Status, _ handler: @escaping ErrorHandler) {
        self.errorHandlers[status.code] = handler
    }

    /// The PAGI application; throws when a route is invalid (see ``RouteError``).
    public func build() throws(RouteError) -> Application {
        var trie = RouteTrie<CompiledApp.Route>()
        var names = NamedRoutes()
        for spec in self.specs {
            let pattern = try RoutePattern(spec.pattern)
            for name in spec.constraints.keys where !pattern.parameterNames.contains(name) {
                throw .unknownParameter(pattern: spec.pattern, name: name)
            }
            try trie.insert(spec.method, pattern, constraints: spec.constraints, value: CompiledApp.Route(handler: spec.handler))
            if let name = spec.name {
                guard names.patterns[name] == nil else { throw .duplicateName(name) }
                names.patterns[name] = pattern
            }
        }
        for mount in self.mounts where !mount.prefix.hasPrefix("/") || mount.prefix.count < 2 {
            throw .invalidPattern(mount.prefix, "a mount prefix starts with '/' and is not the root")
        }
        let mounts = self.mounts.sorted { $0.prefix.count > $1.prefix.count }
        var directories: [StaticDirectory] = []
        for spec in self.staticSpecs {
            do {
                directories.append(try StaticDirectory(prefix: spec.prefix, directory: spec.directory, index: spec.index, showHidden: spec.showHidden))
            } catch {
                throw .invalidPattern(spec.prefix.isEmpty ? "/" : spec.prefix, error.description)
            }
        }
        directories.sort { $0.prefix.count > $1.prefix.count }
        self.updateRuntimeSettings()
        let app = CompiledApp(
            trie: trie, routes: names, errorHandlers: self.errorHandlers, mounts: mounts, mode: self.mode,
            logger: self.logger, services: self.services, staticDirectories: directories,
            realtime: try self.realtimeRoutes.compile(), pubsub: self.pubsub, runtime: self.runtime
        )
        let application: Application = { scope, receive, send in try await app.run(scope, receive: receive, send: send) }
        // In development, contract mistakes (of mounted applications, mostly) are logged where they happen.
        let checked = self.mode == .development ? Lint(label: self.name, logger: self.logger).wrap(application) : application
        return compose(self.pagiMiddleware, around: checked)
    }

    /// The PAGI application. An invalid route stops the program with the reason (use
    /// ``build()`` to handle it).
    public var application: Application {
        do {
            return try self.build()
        } catch {
            preconditionFailure("\(self.name): \(error)")
        }
    }
}

/// Routes under a common prefix; made by ``SimpleApp/group(_:_:)``.
public final class RouteGroup: RouteRegistrar {
    private let registrar: any RouteRegistrar
    private let prefix: String
    public var middleware: [RouteMiddleware] = []

    init(registrar: any RouteRegistrar, prefix: String) {
        self.registrar = registrar
        self.prefix = prefix
    }

    public func route(
        _ method: HTTPRequest.Method,
        _ pattern: String,
        where constraints: [String: ParameterConstraint] = [:],
        name: String? = nil,
        _ handler: @escaping Handler
    ) {
        let joined = pattern == "/" ? self.prefix : self.prefix + pattern
        self.registrar.route(method, joined.isEmpty ? "/" : joined, where: constraints, name: name, wrap(handler, in: self.middleware))
    }

    /// A nested group under `prefix`.
    public func group(_ prefix: String, _ body: (RouteGroup) -> Void) {
        body(RouteGroup(registrar: self, prefix: prefix))
    }
}

/// Where routes are registered: the application or a group.
///
/// Middleware added with `use`, `before` and `after` applies to the routes registered after it,
/// in this application or group (as in Express and Hummingbird): the application's outermost,
/// then each group's, then the route's own (`chain`). Each route's stack is composed once, when
/// it is registered.
public protocol RouteRegistrar: AnyObject {
    /// Registers `handler` for `method` and `pattern`; `constraints` restrict parameters,
    /// `name` makes the route reachable through `url(for:)`.
    func route(_ method: HTTPRequest.Method, _ pattern: String, where constraints: [String: ParameterConstraint], name: String?, _ handler: @escaping Handler)
    /// The middleware for routes registered from now on.
    var middleware: [RouteMiddleware] { get set }
}

extension RouteRegistrar {
    /// Adds middleware for the routes registered after this call.
    public func use(_ middleware: @escaping RouteMiddleware) {
        self.middleware.append(middleware)
    }

    /// A hook before the handler: returning a response answers without it (a login check, a
    /// cache); returning `nil` goes on.
    public func before(_ hook: @escaping @Sendable (Context) async throws -> Response?) {
        self.use { context, next in
            if let response = try await hook(context) { return response }
            return try await next(context)
        }
    }

    /// A hook after the handler: it may change the response (a header, a log line).
    public func after(_ hook: @escaping @Sendable (Context, Response) async throws -> Response) {
        self.use { context, next in try await hook(context, try await next(context)) }
    }

    public func get(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], name: String? = nil, _ handler: @escaping Handler) {
        self.route(.get, pattern, where: constraints, name: name, handler)
    }

    public func post(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], name: String? = nil, _ handler: @escaping Handler) {
        self.route(.post, pattern, where: constraints, name: name, handler)
    }

    public func put(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], name: String? = nil, _ handler: @escaping Handler) {
        self.route(.put, pattern, where: constraints, name: name, handler)
    }

    public func patch(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], name: String? = nil, _ handler: @escaping Handler) {
        self.route(.patch, pattern, where: constraints, name: name, handler)
    }

    public func delete(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], name: String? = nil, _ handler: @escaping Handler) {
        self.route(.delete, pattern, where: constraints, name: name, handler)
    }

    public func head(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], name: String? = nil, _ handler: @escaping Handler) {
        self.route(.head, pattern, where: constraints, name: name, handler)
    }

    public func options(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], name: String? = nil, _ handler: @escaping Handler) {
        self.route(.options, pattern, where: constraints, name: name, handler)
    }

    /// A route for every method (one the path has a route for by method still wins).
    public func any(_ pattern: String, where constraints: [String: ParameterConstraint] = [:], name: String? = nil, _ handler: @escaping Handler) {
        self.route(.anyMethod, pattern, where: constraints, name: name, handler)
    }
}

extension HTTPRequest.Method {
    /// The method of an `any` route: it stands for every method.
    static let anyMethod = HTTPRequest.Method("*")!
}
