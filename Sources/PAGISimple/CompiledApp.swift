import HTTPTypes
import Logging
import NIOCore
import PAGI
import PAGIMiddleware
import PAGIPubSub

/// A ``SimpleApp`` once built: the routes in their trie, the named routes, the error handlers.
/// Immutable, so one value serves every request.
struct CompiledApp: Sendable {
    struct Route: Sendable {
        let handler: Handler
    }

    let trie: RouteTrie<Route>
    let routes: NamedRoutes
    let errorHandlers: [Int: ErrorHandler]
    /// Longest prefix first.
    let mounts: [SimpleMount]
    let mode: SimpleApp.Mode
    let logger: Logger
    let services: SharedValues
    let staticDirectories: [StaticDirectory]
    let realtime: CompiledRealtimeRoutes
    let pubsub: PubSub
    let runtime: AppRuntime

    func run(_ scope: Scope, receive: @escaping Receive, send: @escaping Send) async throws {
        if case .lifespan(let lifespan) = scope {
            return try await self.runtime.serveLifespan(lifespan, receive: receive, send: send)
        }
        var scope = scope
        // One stash per request, and the services, in the scope: mounted applications see them.
        if scope.request?[.stash] == nil { scope.request?[.stash] = SharedValues() }
        if scope.request?[.services] == nil { scope.request?[.services] = self.services }
        if scope.request?[.pubsub] == nil { scope.request?[.pubsub] = self.pubsub }
        let outer = scope.request?[.simpleServices]
        let services = RequestServices(entering: self.runtime, outer: outer)
        scope.request?[.simpleServices] = services
        guard outer == nil else { return try await self.dispatch(scope, receive: receive, send: send) }
        // The outermost Simple application releases the request's per-request services.
        do {
            try await self.dispatch(scope, receive: receive, send: send)
        } catch {
            await services.release(logger: self.logger)
            throw error
        }
        await services.release(logger: self.logger)
    }

    /// Answers `scope` (a request scope) from the mounts, then the routes.
    private func dispatch(_ scope: Scope, receive: @escaping Receive, send: @escaping Send) async throws {
        // Mounts come before routes, for every scope with a path.
        if let request = scope.request, let (mount, inner) = self.mounts.lazy.compactMap({ mount in mount.inner(request).map { (mount, $0) } }).first {
            var innerScope = scope
            innerScope.request = inner
            guard mount.passThrough, case .http = scope else {
                return try await mount.app(innerScope, receive, send)
            }
            let passThrough = PassThroughSend(send)
            try await mount.app(innerScope, receive, { try await passThrough($0) })
            if !passThrough.didDecline { return }
        }
        switch scope {
        case .http(let request):
            try await self.serve(request, receive: receive, send: send)
        case .sse(let request):
            if try await self.serveEventStream(request, receive: receive, send: send) { return }
            try await self.serve(request, receive: SSEScopeAdapter.receive(receive), send: SSEScopeAdapter.send(send))
        case .websocket(let request):
            try await self.serveWebSocket(request, receive: receive, send: send)
        case .lifespan:
            throw PAGIError.unsupportedScope(scope.type)  // Answered by `run`.
        }
    }

    /// Answers `request` from the routes (then the static files).
    private func serve(_ request: RequestScope, receive: @escaping Receive, send: @escaping Send) async throws {
        let resources = RequestResources()
        defer { resources.release() }
        let segments = Self.segments(request)
        let outgoing: Outgoing
        switch self.trie.match(request.method, segments) {
        case .found(let route, let parameters):
            let context = self.context(request, parameters, receive, resources)
            outgoing = try await self.respond(context) { try await route.handler(context) }
        case .methodNotAllowed(let methods):
            let allow = Self.allowHeader(methods)
            let context = self.context(request, [:], receive, resources)
            if request.method == .options {
                outgoing = try await self.respond(context) { Response.empty().header("allow", allow) }
            } else {
                outgoing = try await self.respond(context) { throw HTTPError(.methodNotAllowed, headers: ["allow": ByteString(allow)]) }
            }
        case .notFound:
            let context = self.context(request, [:], receive, resources)
            outgoing = try await self.respond(context) {
                // Static files come after the routes.
                for directory in self.staticDirectories {
                    if let response = try await directory.response(for: request) { return response }
                }
                throw self.realtimeHint(segments) ?? HTTPError(.notFound)
            }
        }
        try await Self.send(outgoing, for: request, send)
    }

    func context(_ request: RequestScope, _ parameters: [String: String], _ receive: @escaping Receive, _ resources: RequestResources) -> Context {
        Context(request: request, pathParameters: parameters, receive: receive, routes: self.routes, resources: resources, logger: self.logger)
    }

    /// What `produce` answers, ready to send: a thrown ``HTTPError`` rendered (through the
    /// application's handler for its status), a ``RenderableError`` by that handler or by
    /// itself, any other error a logged 500.
    private func respond(_ context: Context, _ produce: () async throws -> Response) async throws -> Outgoing {
        do {
            return try await Outgoing.prepare(try await produce(), for: context.request)
        } catch let error as HTTPError {
            return try await Outgoing.prepare(try await self.render(error, context), for: context.request)
        } catch let error as any RenderableError {
            let response: Response
            if self.errorHandlers[error.status.code] != nil {
                response = try await self.render(HTTPError(error.status, "\(error)"), context)
            } else {
                response = try await error.response(for: context)
            }
            return try await Outgoing.prepare(response, for: context.request)
        } catch let error as PAGIError where error.code == .clientDisconnected {
            throw error  // Nobody to answer.
        } catch {
            return try await Outgoing.prepare(try await self.render(self.internalError(error, context), context), for: context.request)
        }
    }

    /// A handler's unexpected error as a 500, logged: its text reaches the client only in
    /// development mode.
    func internalError(_ error: any Error, _ context: Context) -> HTTPError {
        context.logger.error("Handler error: \(error)")
        switch self.mode {
        case .development: return HTTPError(.internalServerError, "Internal Server Error\n\n\(type(of: error)): \(error)")
        case .production: return HTTPError(.internalServerError)
        }
    }

    /// The response for `error`: the application's handler for its status, or its message as
    /// plain text.
    private func render(_ error: HTTPError, _ context: Context) async throws -> Response {
        if let handler = self.errorHandlers[error.status.code] {
            var response = try await handler(context, error)
            if response.status.code < 400 { response.status = error.status }
            return response.adding(error.headers)
        }
        return Response.text(error.message, status: error.status).adding(error.headers)
    }

    /// `Allow`: the path's methods, with HEAD where GET is, and OPTIONS, sorted.
    static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        var names = Set(methods.map(\.rawValue))
        if names.contains("GET") { names.insert("HEAD") }
        names.insert("OPTIONS")
        return names.sorted().joined(separator: ", ")
    }
}
