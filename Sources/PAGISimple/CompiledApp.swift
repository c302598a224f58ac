import HTTPTypes
import Logging
import NIOCore
import PAGI

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
    let mounts: [Mount]
    let mode: SimpleApp.Mode
    let logger: Logger
    let services: SharedValues

    func run(_ scope: Scope, receive: @escaping Receive, send: @escaping Send) async throws {
        var scope = scope
        // One stash per request, and the services, in the scope: mounted applications see them.
        if scope.request?[.stash] == nil { scope.request?[.stash] = SharedValues() }
        if scope.request?[.services] == nil { scope.request?[.services] = self.services }
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
        guard case .http(let request) = scope else { throw PAGIError.unsupportedScope(scope.type) }
        let resources = RequestResources()
        defer { resources.release() }
        let segments = RoutePattern.split(request.rawPath.text).map { PercentEncoding.decodePath(ByteString($0)) }
        let response: Response
        switch self.trie.match(request.method, segments) {
        case .found(let route, let parameters):
            let context = Context(request: request, pathParameters: parameters, receive: receive, routes: self.routes, resources: resources)
            do {
                response = try await route.handler(context)
            } catch let error as HTTPError {
                response = try await self.render(error, context)
            } catch let error as PAGIError where error.code == .clientDisconnected {
                throw error  // Nobody to answer.
            } catch {
                response = try await self.render(self.internalError(error, context), context)
            }
        case .methodNotAllowed(let methods):
            let allow = Self.allowHeader(methods)
            let context = Context(request: request, pathParameters: [:], receive: receive, routes: self.routes, resources: resources)
            if request.method == .options {
                response = Response.empty().header("allow", allow)
            } else {
                response = try await self.render(HTTPError(.methodNotAllowed), context).header("allow", allow)
            }
        case .notFound:
            let context = Context(request: request, pathParameters: [:], receive: receive, routes: self.routes, resources: resources)
            response = try await self.render(HTTPError(.notFound), context)
        }
        try await Self.send(response, for: request, send)
    }

    /// A handler's unexpected error as a 500, logged: its text reaches the client only in
    /// development mode.
    private func internalError(_ error: any Error, _ context: Context) -> HTTPError {
        self.logger.error("Handler error: \(error)", metadata: ["method": "\(context.method.rawValue)", "path": "\(context.path)"])
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
            return response
        }
        return .text(error.message, status: error.status)
    }

    /// `Allow`: the path's methods, with HEAD where GET is, and OPTIONS, sorted.
    static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        var names = Set(methods.map(\.rawValue))
        if names.contains("GET") { names.insert("HEAD") }
        names.insert("OPTIONS")
        return names.sorted().joined(separator: ", ")
    }

    /// Writes `response`: a computed `content-length`, and no body for HEAD.
    static func send(_ response: Response, for request: RequestScope, _ send: Send) async throws {
        var headers = response.headers
        let code = response.status.code
        let bodyless = code < 200 || code == 204 || code == 304
        if !bodyless && !headers.contains(.contentLength) {
            headers.append(.contentLength, ByteString(String(response.body.readableBytes)))
        }
        try await send(.httpResponseStart(status: response.status, headers: headers))
        try await send(.httpResponseBody(request.method == .head || bodyless ? ByteBuffer() : response.body))
    }
}
